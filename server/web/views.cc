#include "server/web/views.h"

#include "domain/vocabulary.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "server/core/name_mask.h"
#include "server/core/reason_text.h"
#include "server/web/json_builder.h"

namespace baoxue::web {
namespace {

const char* RoleZh(absl::string_view role) {
  if (role == "TEACHER") return "师长";
  if (role == "PRINCIPAL") return "校长";
  if (role == "PARENT") return "家长";
  if (role == "GROUP_HEAD") return "组长";
  if (role == "VILLAGE_HEAD") return "村长";
  if (role == "TOWNSHIP_HEAD") return "镇长";
  return "";
}

void AreaJson(JsonBuilder& json, const store::Area& area) {
  json.BeginObject()
      .Key("code")
      .String(area.division_code)
      .Key("name")
      .String(area.name)
      .Key("level")
      .String(std::string(domain::Code(area.level)))
      .EndObject();
}

void ReasonsJson(JsonBuilder& json, const std::vector<core::Reason>& reasons) {
  json.BeginArray();
  for (const core::Reason& reason : reasons) {
    json.BeginObject()
        .Key("feature")
        .String(reason.feature)
        .Key("value")
        .Number(reason.value)
        .Key("contribution")
        .Number(reason.contribution)
        .Key("text_zh")
        .String(reason.text.zh)
        .Key("text_en")
        .String(reason.text.en)
        .Key("measures")
        .BeginArray();
    for (const std::string& measure : reason.text.measures) {
      json.String(measure);
    }
    json.EndArray().EndObject();
  }
  json.EndArray();
}

void SummaryJson(JsonBuilder& json, const store::CaseSummary& c) {
  json.BeginObject()
      .Key("case_id")
      .Int(c.case_id)
      .Key("student_id")
      .Int(c.student_id)
      .Key("masked_name")
      .String(core::MaskName(c.student_name))
      .Key("grade")
      .Int(c.grade)
      .Key("school_id")
      .Int(c.school_id)
      .Key("school")
      .String(c.school)
      .Key("village_code")
      .String(c.village_code)
      .Key("village")
      .String(c.village)
      .Key("status")
      .String(c.status)
      .Key("outcome")
      .String(c.outcome)
      .Key("opened_reason")
      .String(c.opened_reason)
      .Key("level")
      .Int(c.level)
      .Key("role")
      .String(c.role)
      .Key("role_zh")
      .String(RoleZh(c.role))
      .Key("person_name")
      .String(c.person_name)
      .Key("opened_at")
      .Time(c.opened_at)
      .Key("closed_at")
      .Time(c.closed_at)
      .Key("acknowledged_at")
      .Time(c.acknowledged_at)
      .Key("ack_deadline")
      .Time(c.ack_deadline)
      .Key("resolve_deadline")
      .Time(c.resolve_deadline)
      .Key("overdue")
      .Bool(c.overdue)
      .Key("latest_probability")
      .Number(c.latest_probability)
      .Key("reopen_count")
      .Int(c.reopen_count)
      .EndObject();
}

void LedgerRowJson(JsonBuilder& json, const store::LedgerRow& row) {
  json.BeginObject()
      .Key("code")
      .String(row.code)
      .Key("name")
      .String(row.name)
      .Key("open")
      .Int(row.open)
      .Key("overdue")
      .Int(row.overdue)
      .Key("escalated")
      .Int(row.escalated)
      .Key("returned")
      .Int(row.returned)
      .Key("closed")
      .Int(row.closed)
      .EndObject();
}

bool En(const std::string& lang) { return lang == "en"; }

std::string TierText(const std::string& tier, bool en) {
  if (en) return tier;
  if (tier == "high") return "高";
  if (tier == "medium") return "中";
  return "低";
}

std::string TrendText(const core::ListedStudent& s, bool en) {
  if (!s.change.has_value()) return en ? "new" : "新";
  const std::string arrow = s.trend == "up"     ? "↑"
                            : s.trend == "down" ? "↓"
                                                : "→";
  return absl::StrFormat("%s %+.0f%%", arrow, *s.change * 100);
}

std::string ReasonsText(const core::ListedStudent& s, bool en) {
  std::vector<std::string> parts;
  for (const core::Reason& r : s.reasons) {
    parts.push_back(en ? r.text.en : r.text.zh);
  }
  return absl::StrJoin(parts, en ? "; " : "；");
}

std::string MeasuresText(const core::ListedStudent& s) {
  std::vector<std::string> parts;
  for (const core::Reason& r : s.reasons) {
    for (const std::string& m : r.text.measures) {
      if (std::find(parts.begin(), parts.end(), m) == parts.end()) {
        parts.push_back(m);
      }
    }
  }
  return absl::StrJoin(parts, "; ");
}

std::string Html(absl::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string PrintPage(const std::string& lang, const std::string& title,
                      const std::string& subtitle, const std::string& table) {
  return absl::StrCat(
      "<!doctype html><html lang=\"", En(lang) ? "en" : "zh-CN",
      "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width,initial-scale=1\"><title>",
      Html(title),
      "</title><style>"
      "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
      "margin:1.5em;color:#111}h1{font-size:1.3em;margin:0}"
      ".sub{color:#555;margin:.3em 0 1em}table{border-collapse:collapse;"
      "width:100%;font-size:.85em}th,td{border:1px solid #999;padding:.25em "
      ".4em;text-align:left;vertical-align:top}th{background:#eef3fa}"
      "td.n{text-align:right}tr.high td:first-child{border-left:4px solid "
      "#c00}.foot{margin-top:1em;color:#555;font-size:.8em}"
      "@media print{@page{size:A4 landscape;margin:12mm}body{margin:0}"
      "thead{display:table-header-group}tr{page-break-inside:avoid}}"
      "</style></head><body><h1>",
      Html(title), "</h1><p class=\"sub\">", Html(subtitle), "</p>", table,
      "<p class=\"foot\">",
      En(lang) ? "Names are masked. For internal use in meetings only."
               : "姓名已脱敏，仅供工作会议内部使用。",
      "</p></body></html>");
}

}  // namespace

std::string MeJson(const core::WebSession& session) {
  const store::AccountRecord& a = session.account;
  JsonBuilder json;
  json.BeginObject().Key("account").BeginObject();
  json.Key("account_id").Int(a.account_id);
  json.Key("login").String(a.login);
  json.Key("display_name").String(a.display_name);
  json.Key("kind").String(store::AccountKindName(a.kind));
  json.Key("area");
  AreaJson(json, a.scope);
  json.Key("school");
  if (a.school_id.has_value()) {
    json.BeginObject()
        .Key("school_id")
        .Int(*a.school_id)
        .Key("name")
        .String(a.school_name)
        .EndObject();
  } else {
    json.Null();
  }
  json.EndObject();
  json.Key("csrf_token").String(session.csrf_token);
  json.Key("expires_at").Time(session.expires_at);
  json.EndObject();
  return json.str();
}

std::string RiskListJson(const core::RiskListView& view) {
  JsonBuilder json;
  json.BeginObject().Key("area");
  AreaJson(json, view.area);
  json.Key("source").String(view.run.has_value() ? "run" : "none");
  json.Key("hint").String(view.hint);
  json.Key("run");
  if (view.run.has_value()) {
    json.BeginObject()
        .Key("run_id")
        .Int(view.run->run_id)
        .Key("as_of")
        .Day(view.run->as_of)
        .Key("model_version")
        .String(view.run->model_version)
        .Key("finished_at")
        .Time(view.run->finished_at)
        .EndObject();
  } else {
    json.Null();
  }
  json.Key("previous_as_of").Day(view.previous_as_of);
  json.Key("total").Int(view.total);
  json.Key("students").BeginArray();
  for (const core::ListedStudent& s : view.students) {
    json.BeginObject();
    json.Key("student_id").Int(s.student_id);
    json.Key("masked_name").String(s.masked_name);
    json.Key("grade").Int(s.grade);
    json.Key("school_id").Int(s.school_id);
    json.Key("school").String(s.school);
    json.Key("village_code").String(s.village_code);
    json.Key("village").String(s.village);
    json.Key("probability").Number(s.probability);
    json.Key("tier").String(s.tier);
    json.Key("previous_probability");
    if (s.previous_probability) {
      json.Number(*s.previous_probability);
    } else {
      json.Null();
    }
    json.Key("change");
    if (s.change) {
      json.Number(*s.change);
    } else {
      json.Null();
    }
    json.Key("trend").String(s.trend);
    json.Key("reasons");
    ReasonsJson(json, s.reasons);
    json.Key("case");
    if (s.case_id.has_value()) {
      json.BeginObject()
          .Key("case_id")
          .Int(*s.case_id)
          .Key("status")
          .String(s.case_status)
          .Key("level")
          .Int(s.case_level)
          .Key("overdue")
          .Bool(s.case_overdue)
          .EndObject();
    } else {
      json.Null();
    }
    json.EndObject();
  }
  json.EndArray();
  json.Key("facets").BeginObject().Key("schools").BeginArray();
  for (const auto& [id, name] : view.schools) {
    json.BeginObject().Key("school_id").Int(id).Key("name").String(name);
    json.EndObject();
  }
  json.EndArray().Key("villages").BeginArray();
  for (const auto& [code, name] : view.villages) {
    json.BeginObject().Key("code").String(code).Key("name").String(name);
    json.EndObject();
  }
  json.EndArray().EndObject().EndObject();
  return json.str();
}

std::string CasePageJson(const store::Area& area, const store::CasePage& page) {
  int open[store::kChainLevels] = {};
  int overdue[store::kChainLevels] = {};
  for (const store::CaseSummary& c : page.cases) {
    if (c.status != "open" || c.level < 1 || c.level > store::kChainLevels) {
      continue;
    }
    ++open[c.level - 1];
    if (c.overdue) ++overdue[c.level - 1];
  }
  JsonBuilder json;
  json.BeginObject().Key("area");
  AreaJson(json, area);
  json.Key("levels").BeginArray();
  for (int level = 1; level <= store::kChainLevels; ++level) {
    json.BeginObject()
        .Key("level")
        .Int(level)
        .Key("role")
        .String(std::string(domain::Code(*domain::RoleAtLevel(level))))
        .Key("role_zh")
        .String(RoleZh(domain::Code(*domain::RoleAtLevel(level))))
        .Key("open")
        .Int(open[level - 1])
        .Key("overdue")
        .Int(overdue[level - 1])
        .EndObject();
  }
  json.EndArray().Key("cases").BeginArray();
  for (const store::CaseSummary& c : page.cases) SummaryJson(json, c);
  json.EndArray().Key("next_after").Int(page.next_after_case_id).EndObject();
  return json.str();
}

std::string CaseDetailJson(const store::CaseDetail& detail) {
  JsonBuilder json;
  json.BeginObject().Key("case");
  SummaryJson(json, detail.summary);
  json.Key("assignments").BeginArray();
  for (const store::CaseAssignment& a : detail.assignments) {
    json.BeginObject()
        .Key("level")
        .Int(a.level)
        .Key("role")
        .String(a.role)
        .Key("role_zh")
        .String(RoleZh(a.role))
        .Key("person_name")
        .String(a.person_name)
        .Key("assigned_at")
        .Time(a.assigned_at)
        .Key("ack_deadline")
        .Time(a.ack_deadline)
        .Key("resolve_deadline")
        .Time(a.resolve_deadline)
        .Key("acknowledged_at")
        .Time(a.acknowledged_at)
        .Key("ended_at")
        .Time(a.ended_at)
        .EndObject();
  }
  json.EndArray().Key("events").BeginArray();
  for (const store::CaseEvent& e : detail.events) {
    json.BeginObject()
        .Key("event_id")
        .Int(e.event_id)
        .Key("at")
        .Time(e.at)
        .Key("actor")
        .String(e.actor)
        .Key("kind")
        .String(e.kind)
        .Key("level")
        .Int(e.level)
        .Key("note")
        .String(e.note)
        .EndObject();
  }
  json.EndArray().Key("scores").BeginArray();
  for (const store::CaseScorePoint& p : detail.scores) {
    json.BeginObject()
        .Key("run_id")
        .Int(p.run_id)
        .Key("as_of")
        .Day(p.as_of)
        .Key("probability")
        .Number(p.probability)
        .Key("tier")
        .String(p.tier)
        .EndObject();
  }
  json.EndArray().Key("reasons");
  std::vector<core::Reason> reasons;
  for (const store::MessageReason& r : detail.latest_reasons) {
    core::Reason reason;
    reason.feature = r.feature;
    reason.value = r.value;
    reason.text = core::DescribeReason(r.feature, r.value);
    reasons.push_back(std::move(reason));
  }
  ReasonsJson(json, reasons);
  json.EndObject();
  return json.str();
}

std::string LedgerJson(const store::Area& area, const store::Ledger& ledger) {
  JsonBuilder json;
  json.BeginObject().Key("area");
  AreaJson(json, area);
  json.Key("total");
  LedgerRowJson(json, ledger.total);
  json.Key("townships").BeginArray();
  for (const store::LedgerRow& row : ledger.townships) LedgerRowJson(json, row);
  json.EndArray().Key("schools").BeginArray();
  for (const store::LedgerRow& row : ledger.schools) LedgerRowJson(json, row);
  json.EndArray().Key("history").BeginArray();
  for (const store::LedgerDay& d : ledger.history) {
    json.BeginObject()
        .Key("day")
        .Day(d.day)
        .Key("opened")
        .Int(d.opened)
        .Key("open")
        .Int(d.open)
        .Key("escalated")
        .Int(d.escalated)
        .Key("returned")
        .Int(d.returned)
        .Key("closed")
        .Int(d.closed)
        .EndObject();
  }
  json.EndArray().EndObject();
  return json.str();
}

std::vector<xlsx::Sheet> RiskListSheets(const core::RiskListView& view,
                                        const std::string& lang) {
  const bool en = En(lang);
  xlsx::Sheet sheet;
  sheet.name = en ? "Risk list" : "风险名单";
  sheet.title =
      absl::StrCat(view.area.name, " ", view.area.division_code,
                   en ? " — as of " : " — 截至 ",
                   view.run ? absl::FormatCivilTime(view.run->as_of) : "-",
                   en ? " (names masked)" : "（姓名已脱敏）");
  const auto col = [](const char* header, double width,
                      const char* format = "") {
    return xlsx::Column{header, width, format};
  };
  if (en) {
    sheet.columns = {col("Student", 10),
                     col("Grade", 7),
                     col("School", 22),
                     col("Village", 14),
                     col("Risk", 9, "0.0%"),
                     col("Tier", 8),
                     col("Change", 10, "+0.0%;-0.0%;0.0%"),
                     col("Reasons", 60),
                     col("Measures", 50),
                     col("Case", 8),
                     col("Case level", 10)};
  } else {
    sheet.columns = {col("学生", 10),
                     col("年级", 7),
                     col("学校", 22),
                     col("村", 14),
                     col("风险", 9, "0.0%"),
                     col("等级", 8),
                     col("变化", 10, "+0.0%;-0.0%;0.0%"),
                     col("主要原因", 60),
                     col("建议措施", 50),
                     col("个案", 8),
                     col("当前层级", 10)};
  }
  for (const core::ListedStudent& s : view.students) {
    std::vector<xlsx::Cell> row = {s.masked_name, static_cast<double>(s.grade),
                                   s.school,      s.village,
                                   s.probability, TierText(s.tier, en)};
    if (s.change) {
      row.push_back(*s.change);
    } else {
      row.push_back(std::string(en ? "new" : "新"));
    }
    row.push_back(ReasonsText(s, en));
    row.push_back(MeasuresText(s));
    if (s.case_id) {
      row.push_back(static_cast<double>(*s.case_id));
      row.push_back(static_cast<double>(s.case_level));
    }
    sheet.rows.push_back(std::move(row));
  }
  return {std::move(sheet)};
}

std::vector<xlsx::Sheet> LedgerSheets(const store::Area& area,
                                      const store::Ledger& ledger,
                                      const std::string& lang) {
  const bool en = En(lang);
  xlsx::Sheet rows;
  rows.name = en ? "Ledger" : "台账";
  rows.title = absl::StrCat(area.name, " ", area.division_code);
  for (const char* h :
       en ? std::vector<const char*>{"Unit", "Code", "Open", "Overdue",
                                     "Escalated", "Returned", "Closed"}
          : std::vector<const char*>{"单位", "代码", "在办", "逾期", "已上报",
                                     "已复学", "已结案"}) {
    rows.columns.push_back({h, 12, ""});
  }
  rows.columns[0].width = 24;
  const auto add = [&](const store::LedgerRow& r, const std::string& name) {
    rows.rows.push_back(
        {name, r.code, static_cast<double>(r.open),
         static_cast<double>(r.overdue), static_cast<double>(r.escalated),
         static_cast<double>(r.returned), static_cast<double>(r.closed)});
  };
  add(ledger.total, en ? "Total" : "合计");
  for (const store::LedgerRow& r : ledger.townships) add(r, r.name);
  for (const store::LedgerRow& r : ledger.schools) add(r, r.name);

  xlsx::Sheet days;
  days.name = en ? "History" : "趋势";
  days.title = rows.title;
  for (const char* h :
       en ? std::vector<const char*>{"Day", "Opened", "Open", "Escalated",
                                     "Returned", "Closed"}
          : std::vector<const char*>{"日期", "新增", "在办", "上报", "复学",
                                     "结案"}) {
    days.columns.push_back({h, 12, ""});
  }
  for (const store::LedgerDay& d : ledger.history) {
    days.rows.push_back(
        {absl::FormatCivilTime(d.day), static_cast<double>(d.opened),
         static_cast<double>(d.open), static_cast<double>(d.escalated),
         static_cast<double>(d.returned), static_cast<double>(d.closed)});
  }
  return {std::move(rows), std::move(days)};
}

std::string RiskListPrintHtml(const core::RiskListView& view,
                              const std::string& lang) {
  const bool en = En(lang);
  const std::vector<xlsx::Sheet> sheets = RiskListSheets(view, lang);
  const xlsx::Sheet& sheet = sheets[0];
  std::string table = "<table><thead><tr><th>#</th>";
  for (const xlsx::Column& c : sheet.columns) {
    absl::StrAppend(&table, "<th>", Html(c.header), "</th>");
  }
  table += "</tr></thead><tbody>";
  for (size_t i = 0; i < view.students.size(); ++i) {
    const core::ListedStudent& s = view.students[i];
    absl::StrAppend(
        &table, "<tr class=\"", s.tier, "\"><td class=n>", i + 1, "</td><td>",
        Html(s.masked_name), "</td><td class=n>", s.grade, "</td><td>",
        Html(s.school), "</td><td>", Html(s.village), "</td><td class=n>",
        absl::StrFormat("%.1f%%", s.probability * 100), "</td><td>",
        Html(TierText(s.tier, en)), "</td><td>", Html(TrendText(s, en)),
        "</td><td>", Html(ReasonsText(s, en)), "</td><td>",
        Html(MeasuresText(s)), "</td><td class=n>",
        s.case_id ? absl::StrCat(*s.case_id) : "", "</td><td class=n>",
        s.case_id ? absl::StrCat(s.case_level) : "", "</td></tr>");
  }
  table += "</tbody></table>";
  if (!view.run.has_value())
    table = absl::StrCat("<p>", Html(view.hint), "</p>");
  return PrintPage(
      lang, en ? "Dropout risk list" : "控辍保学风险名单",
      absl::StrCat(view.area.name, " ", view.area.division_code, " · ",
                   en ? "as of " : "截至 ",
                   view.run ? absl::FormatCivilTime(view.run->as_of) : "-",
                   " · ", view.total, en ? " students" : " 名学生"),
      table);
}

std::string LedgerPrintHtml(const store::Area& area,
                            const store::Ledger& ledger,
                            const std::string& lang) {
  const bool en = En(lang);
  const std::vector<xlsx::Sheet> sheets = LedgerSheets(area, ledger, lang);
  std::string tables;
  for (const xlsx::Sheet& sheet : sheets) {
    absl::StrAppend(&tables, "<h2>", Html(sheet.name),
                    "</h2><table><thead><tr>");
    for (const xlsx::Column& c : sheet.columns) {
      absl::StrAppend(&tables, "<th>", Html(c.header), "</th>");
    }
    tables += "</tr></thead><tbody>";
    for (const std::vector<xlsx::Cell>& row : sheet.rows) {
      tables += "<tr>";
      for (const xlsx::Cell& cell : row) {
        if (const double* n = std::get_if<double>(&cell)) {
          absl::StrAppend(&tables, "<td class=n>", absl::StrFormat("%.0f", *n),
                          "</td>");
        } else {
          absl::StrAppend(&tables, "<td>", Html(std::get<std::string>(cell)),
                          "</td>");
        }
      }
      tables += "</tr>";
    }
    tables += "</tbody></table>";
  }
  return PrintPage(lang, en ? "Dropout-control ledger" : "控辍保学台账",
                   absl::StrCat(area.name, " ", area.division_code), tables);
}

}  // namespace baoxue::web
