#!/usr/bin/python3
"""Scores students by 全国学籍号 over HTTP/JSON (POST /v1/scoring:scoreStudents).

    BAOXUE_TOKEN=<token> python3 score_http.py \
        --url http://127.0.0.1:50180 [--ca-file ca.pem] G110101200901011234 ...

Standard library only (urllib, json): no stubs needed. Prints one line per
number; exits 1 with the HTTP status and the error's code and message if the
call fails.
"""
import argparse
import json
import os
import ssl
import sys
import urllib.error
import urllib.request


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:50180",
                        help="the web server's base URL (http_listen_address)")
    parser.add_argument("--ca-file", help="PEM CA of the server's certificate (HTTPS)")
    parser.add_argument("--as-of-date", default="", help="YYYY-MM-DD; empty = today")
    parser.add_argument("student_numbers", nargs="+", metavar="学籍号")
    args = parser.parse_args()
    token = os.environ.get("BAOXUE_TOKEN")  # not an argument: ps shows those
    if not token:
        sys.exit("set BAOXUE_TOKEN to a token from `baoxue token create`")

    body = {"student_numbers": args.student_numbers}
    if args.as_of_date:
        body["as_of_date"] = args.as_of_date
    request = urllib.request.Request(
        args.url.rstrip("/") + "/v1/scoring:scoreStudents",
        data=json.dumps(body).encode("utf-8"), method="POST",
        headers={"Authorization": "Bearer " + token,
                 "Content-Type": "application/json"})
    context = ssl.create_default_context(cafile=args.ca_file) if args.ca_file else None
    try:
        with urllib.request.urlopen(request, timeout=30, context=context) as reply:
            response = json.load(reply)
    except urllib.error.HTTPError as error:
        # The body is google.rpc.Status: {"code": <gRPC code>, "message": ...}.
        status = json.load(error)
        sys.exit(f"HTTP {error.code}: code {status['code']}: {status['message']}")

    for student in response["scores"]:
        if "error" in student:
            print(f"{student['student_number']}: {student['error']['code']} "
                  f"({student['error']['message']})")
            continue
        score = student["score"]
        reasons = "; ".join(reason["text_en"] for reason in score["reasons"])
        print(f"{student['student_number']}: probability {score['probability']:.4f} "
              f"tier {score['tier']} school {student['school_code']} "
              f"model {score['model_version']} as of {score['as_of_date']}; {reasons}")


if __name__ == "__main__":
    main()
