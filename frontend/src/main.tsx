// The web app's entry: read where the API is, then render.

import { createRoot } from "react-dom/client";
import { App } from "./App";
import { loadConfig } from "./config";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);
loadConfig().then((config) => root.render(<App config={config} />));
