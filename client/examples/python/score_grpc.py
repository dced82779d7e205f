#!/usr/bin/python3
"""Scores students by 全国学籍号 over gRPC (RiskScoring.ScoreStudents).

    BAOXUE_TOKEN=<token> PYTHONPATH=<stubs> python3 score_grpc.py \
        --server 127.0.0.1:50151 [--ca-file ca.pem] G110101200901011234 ...

The stubs (baoxue/v1/scoring_pb2.py, scoring_pb2_grpc.py) are generated from
proto/baoxue/v1/scoring.proto, see README.md here. Prints one line per number;
exits 1 with the gRPC code and message if the call fails.
"""
import argparse
import os
import sys

import grpc

from baoxue.v1 import scoring_pb2, scoring_pb2_grpc


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="127.0.0.1:50151")
    parser.add_argument("--ca-file", help="PEM CA of the server's certificate (TLS)")
    parser.add_argument("--as-of-date", default="", help="YYYY-MM-DD; empty = today")
    parser.add_argument("student_numbers", nargs="+", metavar="学籍号")
    args = parser.parse_args()
    token = os.environ.get("BAOXUE_TOKEN")  # not an argument: ps shows those
    if not token:
        sys.exit("set BAOXUE_TOKEN to a token from `baoxue token create`")

    if args.ca_file:
        with open(args.ca_file, "rb") as ca:
            credentials = grpc.ssl_channel_credentials(root_certificates=ca.read())
        channel = grpc.secure_channel(args.server, credentials)
    else:
        channel = grpc.insecure_channel(args.server)
    stub = scoring_pb2_grpc.RiskScoringStub(channel)
    request = scoring_pb2.ScoreStudentsRequest(
        student_numbers=args.student_numbers, as_of_date=args.as_of_date)
    try:
        response = stub.ScoreStudents(
            request, timeout=30, metadata=[("authorization", "Bearer " + token)])
    except grpc.RpcError as error:
        sys.exit(f"ScoreStudents: {error.code().name}: {error.details()}")

    for student in response.scores:
        if student.HasField("error"):
            code = scoring_pb2.StudentError.Code.Name(student.error.code)
            print(f"{student.student_number}: {code} ({student.error.message})")
            continue
        score = student.score
        reasons = "; ".join(reason.text_en for reason in score.reasons)
        print(f"{student.student_number}: probability {score.probability:.4f} "
              f"tier {scoring_pb2.RiskTier.Name(score.tier)} "
              f"school {student.school_code} model {score.model_version} "
              f"as of {score.as_of_date}; {reasons}")


if __name__ == "__main__":
    main()
