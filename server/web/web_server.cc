#include "server/web/web_server.h"

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "httplib.h"
#include "base/status_macros.h"
#include "base/log.h"
#include "server/web/http_status.h"
#include "server/web/json_body.h"
#include "server/web/views.h"
#include "xlsx/xlsx_writer.h"

namespace baoxue::web {
namespace {

constexpr char kCookie[] = "baoxue_session";
constexpr char kCsrfHeader[] = "X-Baoxue-CSRF";
constexpr char kJson[] = "application/json; charset=utf-8";
constexpr char kXlsx[] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

std::string SessionCookie(const httplib::Request& req) {
  const std::string header = req.get_header_value("Cookie");
  for (absl::string_view part : absl::StrSplit(header, ';')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, kCookie) &&
        absl::ConsumePrefix(&part, "=")) {
      return std::string(part);
    }
  }
  return "";
}

std::string CookieHeader(absl::string_view value, bool secure, bool clear) {
  return absl::StrCat(kCookie, "=", value,
                      "; Path=/; HttpOnly; SameSite=Strict",
                      secure ? "; Secure" : "", clear ? "; Max-Age=0" : "");
}

void SendJson(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body, kJson);
}

void SendError(httplib::Response& res, const absl::Status& status) {
  SendJson(res, HttpStatusOf(status.code()), ErrorJson(status));
}

std::string Param(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : "";
}

absl::Status IntParam(const httplib::Request& req, const char* name,
                      std::optional<int64_t>& out) {
  const std::string text = Param(req, name);
  if (text.empty()) return absl::OkStatus();
  int64_t value = 0;
  if (!absl::SimpleAtoi(text, &value)) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": not a number"));
  }
  out = value;
  return absl::OkStatus();
}

absl::Status DayParam(const httplib::Request& req, const char* name,
                      std::optional<absl::CivilDay>& out) {
  const std::string text = Param(req, name);
  if (text.empty()) return absl::OkStatus();
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": a day as YYYY-MM-DD"));
  }
  out = day;
  return absl::OkStatus();
}

std::string Lang(const httplib::Request& req) {
  return Param(req, "lang") == "en" ? "en" : "zh";
}

absl::StatusOr<core::RiskListQuery> RiskQuery(const httplib::Request& req) {
  core::RiskListQuery query;
  query.area_code = Param(req, "area");
  BAOXUE_RETURN_IF_ERROR(IntParam(req, "school_id", query.school_id));
  query.village_code = Param(req, "village");
  for (absl::string_view tier :
       absl::StrSplit(Param(req, "tier"), ',', absl::SkipEmpty())) {
    query.tiers.emplace_back(absl::StripAsciiWhitespace(tier));
  }
  if (req.has_param("sort")) query.sort = Param(req, "sort");
  const std::string order = Param(req, "order");
  if (order == "asc") {
    query.ascending = true;
  } else if (order == "desc") {
    query.ascending = false;
  } else if (!order.empty()) {
    return absl::InvalidArgumentError("order: asc or desc");
  }
  std::optional<int64_t> limit;
  BAOXUE_RETURN_IF_ERROR(IntParam(req, "limit", limit));
  if (limit.has_value()) query.limit = static_cast<int>(*limit);
  return query;
}

}  // namespace

absl::StatusOr<std::unique_ptr<WebServer>> WebServer::Create(
    WebServerOptions options, core::WebAuth* auth,
    core::RiskListDesk* risk_lists, core::CaseDesk* cases,
    store::DirectoryStore* directory) {
  const size_t colon = options.listen_address.rfind(':');
  int port = -1;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(options.listen_address.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        "http_listen_address: host:port, e.g. 127.0.0.1:50180");
  }
  std::string host = options.listen_address.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::unique_ptr<WebServer> server(new WebServer());
  server->options_ = std::move(options);
  server->auth_ = auth;
  server->risk_lists_ = risk_lists;
  server->cases_ = cases;
  server->directory_ = directory;
  server->http_ = std::make_unique<httplib::Server>();
  const int threads = std::max(1, server->options_.threads);
  server->http_->new_task_queue = [threads] {
    return new httplib::ThreadPool(threads);
  };
  server->Route();
  if (port == 0) {
    server->port_ = server->http_->bind_to_any_port(host);
  } else if (server->http_->bind_to_port(host, port)) {
    server->port_ = port;
  }
  if (server->port_ <= 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", server->options_.listen_address, " (HTTP)"));
  }
  return server;
}

WebServer::~WebServer() { Stop(); }

void WebServer::Start() {
  thread_ = std::thread([this] { http_->listen_after_bind(); });
}

void WebServer::Stop() {
  if (http_ != nullptr) http_->stop();
  if (thread_.joinable()) thread_.join();
}

void WebServer::Route() {
  httplib::Server& http = *http_;
  if (!options_.web_root.empty() &&
      !http.set_mount_point("/", options_.web_root)) {
    LogWarning(absl::StrCat("web_root ", options_.web_root,
                            " is not a directory: serving the API only"));
  }
  http.set_payload_max_length(64 * 1024);

  // Every API handler: authenticate the cookie, check CSRF on POST, run
  // `body`, map its status.
  using Body = std::function<absl::Status(
      const core::WebSession&, const httplib::Request&, httplib::Response&)>;
  auto api = [this](bool post, Body body) {
    return [this, post, body = std::move(body)](const httplib::Request& req,
                                                httplib::Response& res) {
      absl::StatusOr<core::WebSession> session =
          auth_->Authenticate(SessionCookie(req));
      absl::Status status = session.status();
      if (status.ok() && post &&
          !core::WebAuth::CsrfMatches(*session,
                                      req.get_header_value(kCsrfHeader))) {
        status = absl::PermissionDeniedError(
            absl::StrCat("csrf: missing or wrong ", kCsrfHeader, " header"));
      }
      if (status.ok()) status = body(*session, req, res);
      if (!status.ok()) SendError(res, status);
    };
  };
  // The area a request names (or the caller's own).
  auto area_of =
      [this](const core::WebSession& session,
             const httplib::Request& req) -> absl::StatusOr<store::Area> {
    const std::string code = Param(req, "area");
    if (code.empty()) return session.caller.scope;
    BAOXUE_ASSIGN_OR_RETURN(store::Area area, directory_->FindArea(code));
    if (!session.caller.CanSeeArea(area)) {
      return absl::PermissionDeniedError(
          absl::StrCat("area ", code, " is outside your area"));
    }
    return area;
  };
  // The case after a change: the page shows it at once.
  auto case_after = [this](const core::WebSession& session, int64_t case_id,
                           httplib::Response& res) -> absl::Status {
    BAOXUE_ASSIGN_OR_RETURN(store::CaseDetail detail,
                            cases_->Get(session.caller, case_id));
    SendJson(res, 200, CaseDetailJson(detail));
    return absl::OkStatus();
  };
  auto case_id_of = [](const httplib::Request& req) -> absl::StatusOr<int64_t> {
    int64_t id = 0;
    if (!absl::SimpleAtoi(req.matches[1].str(), &id) || id <= 0) {
      return absl::InvalidArgumentError("case_id: a positive number");
    }
    return id;
  };

  http.Post("/api/login", [this](const httplib::Request& req,
                                 httplib::Response& res) {
    absl::StatusOr<std::map<std::string, std::string>> body =
        ParseJsonObject(req.body);
    if (!body.ok()) return SendError(res, body.status());
    absl::StatusOr<core::SignedIn> signed_in =
        auth_->Login((*body)["login"], (*body)["password"]);
    if (!signed_in.ok()) return SendError(res, signed_in.status());
    res.set_header("Set-Cookie", CookieHeader(signed_in->secret,
                                              options_.secure_cookie, false));
    SendJson(res, 200, MeJson(signed_in->session));
  });
  http.Post("/api/logout",
            api(true,
                [this](const core::WebSession& session, const httplib::Request&,
                       httplib::Response& res) -> absl::Status {
                  BAOXUE_RETURN_IF_ERROR(auth_->Logout(session));
                  res.set_header(
                      "Set-Cookie",
                      CookieHeader("", options_.secure_cookie, true));
                  SendJson(res, 200, "{}");
                  return absl::OkStatus();
                }));
  http.Get("/api/me",
           api(false, [](const core::WebSession& session,
                         const httplib::Request&, httplib::Response& res) {
             SendJson(res, 200, MeJson(session));
             return absl::OkStatus();
           }));
  http.Get(
      "/api/risk-list",
      api(false,
          [this](const core::WebSession& session, const httplib::Request& req,
                 httplib::Response& res) -> absl::Status {
            BAOXUE_ASSIGN_OR_RETURN(core::RiskListQuery query, RiskQuery(req));
            BAOXUE_ASSIGN_OR_RETURN(core::RiskListView view,
                                    risk_lists_->List(session.caller, query));
            SendJson(res, 200, RiskListJson(view));
            return absl::OkStatus();
          }));
  http.Get(
      "/api/cases",
      api(false,
          [this, area_of](const core::WebSession& session,
                          const httplib::Request& req,
                          httplib::Response& res) -> absl::Status {
            core::CaseQuery query;
            BAOXUE_ASSIGN_OR_RETURN(const store::Area area,
                                    area_of(session, req));
            query.area_code = area.division_code;
            BAOXUE_RETURN_IF_ERROR(IntParam(req, "school_id", query.school_id));
            std::optional<int64_t> level;
            BAOXUE_RETURN_IF_ERROR(IntParam(req, "level", level));
            if (level.has_value()) query.level = static_cast<int>(*level);
            const std::string status = Param(req, "status");
            if (status.empty() || status == "open") {
              query.open = true;
            } else if (status == "closed") {
              query.open = false;
            } else if (status != "all") {
              return absl::InvalidArgumentError("status: open, closed or all");
            }
            query.overdue_only = Param(req, "overdue") == "1";
            std::optional<int64_t> limit;
            BAOXUE_RETURN_IF_ERROR(IntParam(req, "limit", limit));
            query.page_size = static_cast<int>(limit.value_or(200));
            if (query.page_size < 1 || query.page_size > 500) {
              return absl::InvalidArgumentError("limit: between 1 and 500");
            }
            std::optional<int64_t> after;
            BAOXUE_RETURN_IF_ERROR(IntParam(req, "after", after));
            query.after_case_id = after.value_or(0);
            BAOXUE_ASSIGN_OR_RETURN(const store::CasePage page,
                                    cases_->List(session.caller, query));
            LogInfo(absl::StrCat(session.caller.Describe(),
                                 " read the case board of area ",
                                 area.division_code));
            SendJson(res, 200, CasePageJson(area, page));
            return absl::OkStatus();
          }));
  http.Get(R"(/api/cases/(\d+))",
           api(false,
               [case_after, case_id_of](
                   const core::WebSession& session, const httplib::Request& req,
                   httplib::Response& res) -> absl::Status {
                 BAOXUE_ASSIGN_OR_RETURN(const int64_t id, case_id_of(req));
                 return case_after(session, id, res);
               }));
  auto change = [&](const char* what) {
    return api(
        true,
        [this, what, case_after, case_id_of](
            const core::WebSession& session, const httplib::Request& req,
            httplib::Response& res) -> absl::Status {
          BAOXUE_ASSIGN_OR_RETURN(const int64_t id, case_id_of(req));
          BAOXUE_ASSIGN_OR_RETURN(auto body, ParseJsonObject(req.body));
          const std::string what_s = what;
          if (what_s == "actions") {
            if (body["kind"].empty()) {
              return absl::InvalidArgumentError("kind: required");
            }
            BAOXUE_RETURN_IF_ERROR(cases_->RecordAction(
                session.caller, id, body["kind"], body["note"]));
          } else if (what_s == "resolve") {
            if (body["outcome"].empty()) {
              return absl::InvalidArgumentError("outcome: required");
            }
            BAOXUE_RETURN_IF_ERROR(cases_->Resolve(
                session.caller, id, body["outcome"], body["note"]));
          } else {
            BAOXUE_RETURN_IF_ERROR(cases_->Acknowledge(session.caller, id));
            if (!body["note"].empty()) {
              BAOXUE_RETURN_IF_ERROR(cases_->RecordAction(
                  session.caller, id, "note", body["note"]));
            }
          }
          return case_after(session, id, res);
        });
  };
  http.Post(R"(/api/cases/(\d+)/actions)", change("actions"));
  http.Post(R"(/api/cases/(\d+)/resolve)", change("resolve"));
  http.Post(R"(/api/cases/(\d+)/acknowledge)", change("acknowledge"));

  // The ledger: {area, ledger} for JSON, xlsx and print.
  auto ledger_of = [this, area_of](const core::WebSession& session,
                                   const httplib::Request& req)
      -> absl::StatusOr<std::pair<store::Area, store::Ledger>> {
    BAOXUE_ASSIGN_OR_RETURN(const store::Area area, area_of(session, req));
    std::optional<absl::CivilDay> from, to;
    BAOXUE_RETURN_IF_ERROR(DayParam(req, "from", from));
    BAOXUE_RETURN_IF_ERROR(DayParam(req, "to", to));
    BAOXUE_ASSIGN_OR_RETURN(
        store::Ledger ledger,
        cases_->Ledger(session.caller, area.division_code, from, to));
    return std::make_pair(area, std::move(ledger));
  };
  http.Get("/api/ledger",
           api(false,
               [ledger_of](const core::WebSession& session,
                           const httplib::Request& req,
                           httplib::Response& res) -> absl::Status {
                 BAOXUE_ASSIGN_OR_RETURN(auto ledger, ledger_of(session, req));
                 SendJson(res, 200, LedgerJson(ledger.first, ledger.second));
                 return absl::OkStatus();
               }));

  auto send_xlsx = [](httplib::Response& res,
                      const std::vector<xlsx::Sheet>& sheets,
                      const std::string& filename) -> absl::Status {
    BAOXUE_ASSIGN_OR_RETURN(std::string bytes, xlsx::WriteWorkbook(sheets));
    res.status = 200;
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Disposition",
                   absl::StrCat("attachment; filename=\"", filename, "\""));
    res.set_content(std::move(bytes), kXlsx);
    return absl::OkStatus();
  };
  http.Get(
      "/api/export/risk-list.xlsx",
      api(false,
          [this, send_xlsx](const core::WebSession& session,
                            const httplib::Request& req,
                            httplib::Response& res) -> absl::Status {
            BAOXUE_ASSIGN_OR_RETURN(core::RiskListQuery query, RiskQuery(req));
            BAOXUE_ASSIGN_OR_RETURN(core::RiskListView view,
                                    risk_lists_->List(session.caller, query));
            LogInfo(absl::StrCat(session.caller.Describe(),
                                 " exported the risk list of area ",
                                 view.area.division_code));
            return send_xlsx(
                res, RiskListSheets(view, Lang(req)),
                absl::StrCat(
                    "risk-list-", view.area.division_code, "-",
                    view.run ? absl::FormatCivilTime(view.run->as_of) : "none",
                    ".xlsx"));
          }));
  http.Get(
      "/api/export/ledger.xlsx",
      api(false,
          [ledger_of, send_xlsx](const core::WebSession& session,
                                 const httplib::Request& req,
                                 httplib::Response& res) -> absl::Status {
            BAOXUE_ASSIGN_OR_RETURN(auto ledger, ledger_of(session, req));
            return send_xlsx(
                res, LedgerSheets(ledger.first, ledger.second, Lang(req)),
                absl::StrCat("ledger-", ledger.first.division_code, ".xlsx"));
          }));

  // Print pages: the same data as HTML; errors as a small HTML page.
  auto page = [this](std::function<absl::StatusOr<std::string>(
                         const core::WebSession&, const httplib::Request&)>
                         render) {
    return [this, render](const httplib::Request& req, httplib::Response& res) {
      absl::StatusOr<core::WebSession> session =
          auth_->Authenticate(SessionCookie(req));
      absl::StatusOr<std::string> html =
          session.ok() ? render(*session, req)
                       : absl::StatusOr<std::string>(session.status());
      res.set_header("Cache-Control", "no-store");
      if (!html.ok()) {
        res.status = HttpStatusOf(html.status().code());
        res.set_content(
            absl::StrCat("<!doctype html><meta charset=\"utf-8\"><p>",
                         absl::StatusCodeToString(html.status().code()),
                         "</p>"),
            "text/html; charset=utf-8");
        return;
      }
      res.status = 200;
      res.set_content(*html, "text/html; charset=utf-8");
    };
  };
  http.Get(
      "/print/risk-list",
      page([this](const core::WebSession& session,
                  const httplib::Request& req) -> absl::StatusOr<std::string> {
        BAOXUE_ASSIGN_OR_RETURN(core::RiskListQuery query, RiskQuery(req));
        BAOXUE_ASSIGN_OR_RETURN(core::RiskListView view,
                                risk_lists_->List(session.caller, query));
        return RiskListPrintHtml(view, Lang(req));
      }));
  http.Get("/print/ledger", page([ledger_of](const core::WebSession& session,
                                             const httplib::Request& req)
                                     -> absl::StatusOr<std::string> {
             BAOXUE_ASSIGN_OR_RETURN(auto ledger, ledger_of(session, req));
             return LedgerPrintHtml(ledger.first, ledger.second, Lang(req));
           }));

  auto not_found = [](const httplib::Request&, httplib::Response& res) {
    SendError(res, absl::NotFoundError("no such API path"));
  };
  http.Get(R"(/api/.*)", not_found);
  http.Post(R"(/api/.*)", not_found);
}

}  // namespace baoxue::web
