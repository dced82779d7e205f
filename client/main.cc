// baoxue: the command-line client of baoxue-server (gRPC only).
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "client/audit_commands.h"
#include "client/baoxue_client.h"
#include "client/case_commands.h"
#include "client/channel.h"
#include "client/check_commands.h"
#include "client/featureset_commands.h"
#include "client/import_commands.h"
#include "client/model_commands.h"
#include "client/output.h"
#include "client/risk_list_command.h"
#include "client/run_commands.h"
#include "client/runs_client.h"
#include "client/token_commands.h"
#include "client/words.h"

ABSL_FLAG(std::string, server, "",
          "baoxue-server host:port (default $BAOXUE_SERVER, else "
          "127.0.0.1:50151)");
ABSL_FLAG(std::string, token, "", "bearer token (default $BAOXUE_TOKEN)");
ABSL_FLAG(std::string, ca_file, "",
          "PEM CA of the server's certificate: TLS (default $BAOXUE_CA_FILE; "
          "without one, plaintext to a loopback address only)");
ABSL_FLAG(std::string, cert_file, "",
          "PEM client certificate, for servers that ask for one (with "
          "--key_file and --ca_file)");
ABSL_FLAG(std::string, key_file, "", "PEM key of --cert_file");
ABSL_FLAG(bool, insecure, false,
          "allow plaintext to an address that is not loopback");
ABSL_FLAG(std::string, token_file, "", "read the bearer token from this file");
ABSL_FLAG(bool, json, false, "print JSON instead of text");
ABSL_FLAG(std::vector<std::string>, student, {},
          "score: student ids or 全国学籍号, comma-separated");
ABSL_FLAG(std::string, as_of, "", "date YYYY-MM-DD (default today)");
ABSL_FLAG(int, reasons, 0, "reasons per student (default: server's, 3)");
ABSL_FLAG(std::string, area, "",
          "top-risks, cases, ledger: 12-digit area code (default your own "
          "area); "
          "token create: the token's area");
ABSL_FLAG(int, limit, 0,
          "top-risks, runs: how many (default 20); model track-record: "
          "runs due and runs not yet due (default 5 each); "
          "risk-list: at most this "
          "many students (default 500, at most 2000)");
ABSL_FLAG(int, horizon_days, 120, "model train: label window in days");
ABSL_FLAG(double, l2, 1.0, "model train: L2 penalty");
ABSL_FLAG(std::string, role, "",
          "token create: SYSTEM, OFFICIAL, DATA_STAFF, ADMIN, SECURITY_ADMIN "
          "or AUDIT_ADMIN");
ABSL_FLAG(std::string, expires, "",
          "token create: lifetime, e.g. 90d or 12h (default: the server's)");
ABSL_FLAG(std::string, description, "", "token create: who holds the token");
ABSL_FLAG(std::string, school, "",
          "run: a school id (instead of --area); cases list: that school's "
          "cases");
ABSL_FLAG(std::string, township, "",
          "risk-list: 12-digit township (or county) code (default your "
          "own area)");
ABSL_FLAG(std::string, village, "", "risk-list: a 12-digit village code");
ABSL_FLAG(std::string, tier, "",
          "risk-list: tiers, comma-separated: high,medium,low (default "
          "high,medium)");
ABSL_FLAG(std::string, sort, "",
          "risk-list: probability (default), trend, grade, school or village");
ABSL_FLAG(std::string, order, "", "risk-list: asc or desc");
ABSL_FLAG(std::string, format, "table",
          "risk-list, ledger: table, csv or xlsx");
ABSL_FLAG(std::string, output, "",
          "risk-list, ledger: write to this file (needed for xlsx)");
ABSL_FLAG(std::string, lang, "zh",
          "the language of every command's text and of csv/xlsx exports: zh "
          "(default) or en (--json is unchanged)");

namespace baoxue::client {
namespace {

constexpr char kUsage[] =
    "baoxue [flags] COMMAND\n"
    "  health                          is the server serving?\n"
    "  score --student ID[,ID...]      score students, with reasons\n"
    "  top-risks [--area CODE] [--limit N]\n"
    "                                  an area's most at-risk students\n"
    "  model train|list|show|compare|activate|rollback   (see docs/models.md)\n"
    "  featureset create FILE | show [VERSION] | test VERSION|FILE [--as_of "
    "D]\n"
    "  import KIND FILE [--sheet S] [--mapping F] [--dry_run] [--mode "
    "full|delta]\n"
    "                                  county data in (docs/imports.md)\n"
    "  imports [--limit N]             the latest imports\n"
    "  token create --role R --area CODE --description TEXT [--expires 90d]\n"
    "  token list | token revoke ID    tokens you manage (docs/access.md)\n"
    "  cases list [--area CODE] [--status open|closed] [--overdue] [--level "
    "N]\n"
    "             [--school ID] [--page_size N] [--page_token T]\n"
    "  cases show|ack|reopen ID [--note TEXT]\n"
    "  cases assign ID PERSON_ID [--note TEXT]   name who is in charge\n"
    "  cases assignees ID              who may be named at the case's level\n"
    "  cases act ID --action call|home_visit|aid_referral|commitment_signed|\n"
    "             return_notice|note [--note TEXT]\n"
    "  cases resolve ID --outcome returned|transferred|home_delivery|\n"
    "             not_at_risk|moved_out [--note TEXT]\n"
    "  cases watch [--area CODE] [--after_event N]\n"
    "                                  stream case events as they happen\n"
    "  ledger [--area CODE] [--from D] [--to D] [--format table|csv|xlsx]\n"
    "         [--output FILE] [--lang zh|en]\n"
    "                                  the ledger (台账) by township and "
    "school\n"
    "  risk-list [--township CODE] [--school ID] [--village CODE]\n"
    "            [--tier high,medium,low] [--sort probability|trend|grade|\n"
    "            school|village] [--order asc|desc] [--limit N]\n"
    "            [--format table|csv|xlsx] [--output FILE] [--lang zh|en]\n"
    "                                  the area's risk list (风险名单) from "
    "the latest run\n"
    "  check [--area CODE] [--as_of D] [--format table|csv|xlsx] [--output F]\n"
    "                                  the 四查三比对 check and its report "
    "(docs/checks.md)\n"
    "  run --area CODE | --school ID [--as_of D]\n"
    "                                  score and store a whole scope (risk "
    "run)\n"
    "  runs [--limit N]                the latest risk runs in your area\n"
    "  audit verify | prune | [--student_id N] [--caller C] [--since T]\n"
    "        [--until T] [--limit N]   the security audit (docs/security.md)\n"
    "Flags: --server HOST:PORT --token T | --token_file F --json --lang zh|en\n"
    "       --ca_file CA.pem [--cert_file C.pem --key_file K.pem] | --insecure";

std::string EnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

absl::StatusOr<std::string> ResolveToken() {
  if (!absl::GetFlag(FLAGS_token).empty()) return absl::GetFlag(FLAGS_token);
  const std::string path = absl::GetFlag(FLAGS_token_file);
  if (!path.empty()) {
    std::ifstream in(path);
    std::string token;
    if (!in || !std::getline(in, token)) {
      return absl::NotFoundError(absl::StrCat("cannot read token file ", path));
    }
    return std::string(absl::StripAsciiWhitespace(token));
  }
  return EnvOr("BAOXUE_TOKEN", "");
}

// Prints the message as JSON (--json) or with the human printer in the
// language of `words`.
template <typename Message>
absl::Status Show(const absl::StatusOr<Message>& result, Words words,
                  void (*print)(const Message&, Words, std::ostream&)) {
  return ShowResult(result, absl::GetFlag(FLAGS_json), words, print);
}

// Scripts read the exit code (0 = serving) or --json; the error message
// keeps "not serving" for them too.
absl::Status Health(const BaoxueClient& client, Words words) {
  absl::StatusOr<grpc::health::v1::HealthCheckResponse> health =
      client.Health();
  if (!health.ok()) return health.status();
  const bool serving =
      health->status() == grpc::health::v1::HealthCheckResponse::SERVING;
  if (absl::GetFlag(FLAGS_json)) {
    PrintJson(*health, std::cout);
    std::cout << "\n";
  } else {
    std::cout << (serving ? words("服务中", "serving")
                          : words("未就绪", "not serving"))
              << "\n";
  }
  return serving ? absl::OkStatus()
                 : absl::UnavailableError("server is not serving yet");
}

absl::Status Score(const BaoxueClient& client,
                   const std::vector<std::string>& extra_ids, Words words) {
  baoxue::v1::ScoreStudentsRequest request;
  std::vector<std::string> ids = absl::GetFlag(FLAGS_student);
  ids.insert(ids.end(), extra_ids.begin(), extra_ids.end());
  // Numbers are Baoxue's ids; anything else is a 全国学籍号 (e.g. G36...).
  for (const std::string& id : ids) {
    int64_t value = 0;
    if (absl::SimpleAtoi(id, &value)) {
      request.add_student_ids(value);
    } else {
      request.add_student_numbers(id);
    }
  }
  if (!request.student_ids().empty() && !request.student_numbers().empty()) {
    return absl::InvalidArgumentError(
        "--student: give ids or 全国学籍号, not both");
  }
  if (request.student_ids().empty() && request.student_numbers().empty()) {
    return absl::InvalidArgumentError(
        "score needs --student ID[,ID...] or --student 学籍号[,...]");
  }
  request.set_as_of_date(absl::GetFlag(FLAGS_as_of));
  request.set_max_reasons(absl::GetFlag(FLAGS_reasons));
  return Show(client.ScoreStudents(request), words, PrintScores);
}

absl::Status TopRisks(const BaoxueClient& client, Words words) {
  baoxue::v1::ListTopRisksRequest request;
  request.set_area_code(absl::GetFlag(FLAGS_area));
  request.set_as_of_date(absl::GetFlag(FLAGS_as_of));
  request.set_limit(absl::GetFlag(FLAGS_limit));
  request.set_max_reasons(absl::GetFlag(FLAGS_reasons));
  return Show(client.ListTopRisks(request), words, PrintTopRisks);
}

absl::Status RiskList(const BaoxueClient& client, Words words) {
  RiskListOptions options;
  options.area = absl::GetFlag(FLAGS_township);
  if (options.area.empty()) options.area = absl::GetFlag(FLAGS_area);
  options.school = absl::GetFlag(FLAGS_school);
  options.village = absl::GetFlag(FLAGS_village);
  options.tiers = absl::GetFlag(FLAGS_tier);
  options.sort = absl::GetFlag(FLAGS_sort);
  options.order = absl::GetFlag(FLAGS_order);
  options.limit = absl::GetFlag(FLAGS_limit);  // 0: the server's default
  options.format = absl::GetFlag(FLAGS_format);
  options.output = absl::GetFlag(FLAGS_output);
  options.json = absl::GetFlag(FLAGS_json);
  return RiskListCommand(client, options, words);
}

absl::Status Run(const std::vector<char*>& args) {
  if (args.size() < 2) return absl::InvalidArgumentError(kUsage);
  const std::string command = args[1];
  const std::vector<std::string> rest(args.begin() + 2, args.end());
  // One language for every line this run prints, refused before any call.
  absl::StatusOr<Words> words = Words::FromFlag(absl::GetFlag(FLAGS_lang));
  if (!words.ok()) return words.status();
  std::string server = absl::GetFlag(FLAGS_server);
  if (server.empty()) server = EnvOr("BAOXUE_SERVER", "127.0.0.1:50151");
  absl::StatusOr<std::string> token = ResolveToken();
  if (!token.ok()) return token.status();
  ChannelOptions channel_options;
  channel_options.ca_file = absl::GetFlag(FLAGS_ca_file);
  if (channel_options.ca_file.empty()) {
    channel_options.ca_file = EnvOr("BAOXUE_CA_FILE", "");
  }
  channel_options.cert_file = absl::GetFlag(FLAGS_cert_file);
  channel_options.key_file = absl::GetFlag(FLAGS_key_file);
  channel_options.insecure = absl::GetFlag(FLAGS_insecure);
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      MakeChannel(server, channel_options);
  if (!channel.ok()) return channel.status();
  BaoxueClient client(*channel, *token);
  if (command == "health") return Health(client, *words);
  if (command == "score") return Score(client, rest, *words);
  if (command == "top-risks") return TopRisks(client, *words);
  if (command == "cases") {
    return RunCasesCommand(client, rest, absl::GetFlag(FLAGS_area), *words,
                           absl::GetFlag(FLAGS_json));
  }
  if (command == "risk-list") return RiskList(client, *words);
  if (command == "check") {
    return RunCheckCommand(
        *channel, *token,
        {absl::GetFlag(FLAGS_area), absl::GetFlag(FLAGS_as_of),
         absl::GetFlag(FLAGS_format), absl::GetFlag(FLAGS_output),
         absl::GetFlag(FLAGS_json)},
        *words);
  }
  if (command == "ledger") {
    return RunLedgerCommand(client, absl::GetFlag(FLAGS_area), *words,
                            absl::GetFlag(FLAGS_json));
  }
  if (command == "run" || command == "runs") {
    RunsClient runs(*channel, *token);
    if (command == "runs") {
      return RunsCommand(runs, absl::GetFlag(FLAGS_limit), *words,
                         absl::GetFlag(FLAGS_json));
    }
    return RunCommand(runs, absl::GetFlag(FLAGS_area),
                      absl::GetFlag(FLAGS_school), absl::GetFlag(FLAGS_as_of),
                      *words, absl::GetFlag(FLAGS_json));
  }
  if (command == "model")
    return RunModelCommand(*channel, *token, rest, *words);
  if (command == "featureset") {
    return RunFeatureSetCommand(*channel, *token, rest, *words);
  }
  if (command == "audit") {
    return RunAuditCommand(*channel, *token, rest, *words,
                           absl::GetFlag(FLAGS_json));
  }
  if (command == "import") {
    return RunImportCommand(*channel, *token, rest, *words,
                            absl::GetFlag(FLAGS_json));
  }
  if (command == "imports") {
    return RunImportsListCommand(*channel, *token, absl::GetFlag(FLAGS_limit),
                                 *words, absl::GetFlag(FLAGS_json));
  }
  if (command == "token") {
    TokenCreateOptions create;
    create.role = absl::GetFlag(FLAGS_role);
    create.area = absl::GetFlag(FLAGS_area);
    create.description = absl::GetFlag(FLAGS_description);
    create.expires = absl::GetFlag(FLAGS_expires);
    return RunTokenCommand(client, rest, create, *words,
                           absl::GetFlag(FLAGS_json));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown command '", absl::StrJoin(args.begin() + 1, args.end(), " "),
      "'\n", kUsage));
}

}  // namespace
}  // namespace baoxue::client

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(baoxue::client::kUsage);
  // Asking for help is not an error: the usage on stdout, exit 0 (Abseil's
  // own --help exits 1 and lists every flag of every library).
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--help" || word == "-h" || word == "--helpshort" ||
        (i == 1 && word == "help")) {
      std::cout << baoxue::client::kUsage << "\n";
      return 0;
    }
  }
  // `--dry-run` as people type it is `--dry_run` to Abseil's flags.
  std::vector<std::string> words(argv, argv + argc);
  std::vector<char*> hyphen_free;
  for (std::string& word : words) {
    if (word.rfind("--", 0) == 0) {
      const size_t end = std::min(word.find('='), word.size());
      std::replace(word.begin() + 2, word.begin() + end, '-', '_');
    }
    hyphen_free.push_back(word.data());
  }
  std::vector<char*> args = absl::ParseCommandLine(
      static_cast<int>(hyphen_free.size()), hyphen_free.data());
  absl::Status status = baoxue::client::Run(args);
  if (!status.ok()) {
    std::cerr << "baoxue: " << absl::StatusCodeToString(status.code()) << ": "
              << status.message() << "\n";
    return 1;
  }
  return 0;
}
