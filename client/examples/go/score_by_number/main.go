// Scores students by 全国学籍号 over gRPC (Baoxue's RiskScoring.ScoreStudents).
//
//	BAOXUE_TOKEN=<token> score_by_number --server 127.0.0.1:50151 \
//	    [--ca_file ca.pem] [--as_of_date YYYY-MM-DD] G110101200901011234 ...
//
// Prints one line per number: the probability, tier and reasons, or the
// per-student error. Exits 1 if the call fails. Building it: README.md here.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	baoxuev1 "baoxue.example/gen/baoxuev1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
)

func main() {
	server := flag.String("server", "127.0.0.1:50151", "host:port of baoxue-server's gRPC")
	caFile := flag.String("ca_file", "", "PEM CA that signed the server's certificate (TLS); empty = plaintext")
	asOf := flag.String("as_of_date", "", "YYYY-MM-DD; empty = today")
	flag.Parse()
	token := os.Getenv("BAOXUE_TOKEN")
	if token == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: BAOXUE_TOKEN=<token> score_by_number [--server host:port] 学籍号...")
		os.Exit(2)
	}

	transport := grpc.WithInsecure()
	if *caFile != "" {
		pem, err := os.ReadFile(*caFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "ca_file:", err)
			os.Exit(2)
		}
		roots := x509.NewCertPool()
		roots.AppendCertsFromPEM(pem)
		transport = grpc.WithTransportCredentials(credentials.NewTLS(&tls.Config{RootCAs: roots}))
	}
	conn, err := grpc.Dial(*server, transport)
	if err != nil {
		fmt.Fprintln(os.Stderr, "connect:", err)
		os.Exit(1)
	}
	defer conn.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
	response, err := baoxuev1.NewRiskScoringClient(conn).ScoreStudents(ctx,
		&baoxuev1.ScoreStudentsRequest{StudentNumbers: flag.Args(), AsOfDate: *asOf})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ScoreStudents:", err) // code and message, e.g. Unauthenticated
		os.Exit(1)
	}
	for _, s := range response.GetScores() {
		if e := s.GetError(); e != nil {
			fmt.Printf("%s: %s (%s)\n", s.GetStudentNumber(), e.GetCode(), e.GetMessage())
			continue
		}
		score := s.GetScore()
		var reasons []string
		for _, r := range score.GetReasons() {
			reasons = append(reasons, r.GetTextEn())
		}
		fmt.Printf("%s: probability %.4f tier %s school %s model %s as of %s; %s\n",
			s.GetStudentNumber(), score.GetProbability(), score.GetTier(),
			s.GetSchoolCode(), score.GetModelVersion(), score.GetAsOfDate(),
			strings.Join(reasons, "; "))
	}
}
