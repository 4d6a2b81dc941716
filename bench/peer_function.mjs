// The smallest Node.js Lambda function that answers a health check through the Runtime API:
// the floor under any Node.js function's cold start (AWS's own runtime client does more).
import http from "node:http";

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(":");
const agent = new http.Agent({ keepAlive: true });

function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host, port, method, path, agent }, (response) => {
      let text = "";
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => resolve({ headers: response.headers, text }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

for (;;) {
  const next = await call("GET", "/2018-06-01/runtime/invocation/next");
  JSON.parse(next.text);
  const id = next.headers["lambda-runtime-aws-request-id"];
  const answer = { statusCode: 200, headers: { "content-type": "application/json" }, body: '{"status":"ok"}' };
  await call("POST", `/2018-06-01/runtime/invocation/${id}/response`, JSON.stringify(answer));
}
