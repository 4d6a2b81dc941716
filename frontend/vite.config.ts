// Vite builds the web app into dist/; Vitest runs the unit tests in jsdom.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  // The dashboard's chunk is mostly ECharts (about 230 kB gzipped); it loads only when an
  // admin opens the dashboard, so the limit is set above it rather than warned about.
  build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 800 },
  test: { environment: "jsdom", include: ["src/**/*.test.ts", "src/**/*.test.tsx"] },
});
