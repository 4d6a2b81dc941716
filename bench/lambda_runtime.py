"""A local Lambda Runtime API that times cold starts: exec to first answer.

For each run it starts a fresh process of the function with AWS_LAMBDA_RUNTIME_API pointing
here, hands it one API Gateway (HTTP API, payload 2.0) event on its first
`GET /2018-06-01/runtime/invocation/next`, and stops the clock when the answer arrives on
`POST /2018-06-01/runtime/invocation/{id}/response`. The process is then killed, so every run
is a cold start (the binary itself stays in the page cache, as on a warm Lambda host).

    lambda_runtime.py --runs 20 --path /healthz --env MUSICCTL_SERVICE=songs -- ./musicctl-lambda

Prints one JSON object: init_ms (exec to the first `next`) and answer_ms (exec to the
answer) as min, median and max, and the status code the function answered.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/2018-06-01/runtime"


def api_gateway_event(path):
    now = time.time()
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"accept": "application/json", "host": "bench.execute-api.us-east-1.amazonaws.com"},
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "bench",
            "domainName": "bench.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "bench",
            "http": {
                "method": "GET",
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
                "userAgent": "lambda-runtime-bench",
            },
            "requestId": "bench-request",
            "routeKey": "$default",
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": False,
    }


class Run:
    """One cold start: the clock, the event and what the function answered."""

    def __init__(self, event):
        self.event = json.dumps(event).encode()
        self.started = 0.0
        self.first_next = None
        self.answered = None
        self.answer = None
        self.error = None
        self.done = threading.Event()
        self.handed = False
        self.lock = threading.Lock()


def handler_for(run):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, status, body=b"{}", headers=()):
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def body(self):
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def do_GET(self):
            if self.path != PREFIX + "/invocation/next":
                return self.reply(404)
            with run.lock:
                first = not run.handed
                run.handed = True
                if run.first_next is None:
                    run.first_next = time.perf_counter()
            if not first:
                # A warm function waits here for its next event; the run ends before that.
                run.done.wait(30)
                return self.reply(500, b'{"errorMessage": "no more events"}')
            deadline = str(int(time.time() * 1000) + 30_000)
            self.reply(
                200,
                run.event,
                [
                    ("Lambda-Runtime-Aws-Request-Id", "bench-request"),
                    ("Lambda-Runtime-Deadline-Ms", deadline),
                    ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:bench"),
                    ("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000"),
                ],
            )

        def do_POST(self):
            body = self.body()
            if self.path == PREFIX + "/invocation/bench-request/response":
                run.answered = time.perf_counter()
                run.answer = body
                self.reply(202)
                run.done.set()
            elif self.path.endswith("/error"):
                run.error = body.decode(errors="replace") or self.path
                self.reply(202)
                run.done.set()
            else:
                self.reply(404)

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The function is killed after its answer: its waiting `next` call is cut, as planned.
        pass


def cold_start(command, env, path, timeout):
    run = Run(api_gateway_event(path))
    server = Server(("127.0.0.1", 0), handler_for(run))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address
    child_env = dict(env, AWS_LAMBDA_RUNTIME_API=f"{host}:{port}")
    run.started = time.perf_counter()
    process = subprocess.Popen(command, env=child_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    finished = run.done.wait(timeout)
    process.kill()
    _, stderr = process.communicate()
    server.shutdown()
    server.server_close()
    if not finished or run.error or run.answered is None:
        reason = run.error or ("no answer within %ss" % timeout)
        sys.exit("the function did not answer: %s\n%s" % (reason, stderr.decode(errors="replace")[-2000:]))
    answer = json.loads(run.answer)
    return (run.first_next - run.started) * 1000, (run.answered - run.started) * 1000, answer.get("statusCode")


def lambda_env(extra):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "AWS_LAMBDA_FUNCTION_NAME": "bench",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/bench",
        "AWS_LAMBDA_LOG_STREAM_NAME": "bench",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_SESSION_TOKEN": "bench",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    for pair in extra:
        name, _, value = pair.partition("=")
        env[name] = value
    return env


def summary(values):
    return {"min": round(min(values), 2), "median": round(statistics.median(values), 2), "max": round(max(values), 2)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--path", default="/healthz")
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the function's command after --")
    env = lambda_env(args.env)
    init, answer, statuses = [], [], set()
    for _ in range(args.runs):
        init_ms, answer_ms, status = cold_start(command, env, args.path, args.timeout)
        init.append(init_ms)
        answer.append(answer_ms)
        statuses.add(status)
    print(json.dumps({"runs": args.runs, "init_ms": summary(init), "answer_ms": summary(answer), "status": sorted(statuses)}))


if __name__ == "__main__":
    main()
