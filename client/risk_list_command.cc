#include "client/risk_list_command.h"

#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/export_format.h"
#include "exports/risk_list.h"

namespace baoxue::client {
namespace {

absl::StatusOr<baoxue::v1::RiskTier> ParseTier(absl::string_view name) {
  if (name == "high") return baoxue::v1::RISK_TIER_HIGH;
  if (name == "medium") return baoxue::v1::RISK_TIER_MEDIUM;
  if (name == "low") return baoxue::v1::RISK_TIER_LOW;
  return absl::InvalidArgumentError(absl::StrCat(
      "--tier: '", name, "' is not high, medium or low (comma-separated)"));
}

}  // namespace

absl::StatusOr<baoxue::v1::GetRiskListRequest> RiskListRequest(
    const RiskListOptions& options) {
  baoxue::v1::GetRiskListRequest request;
  request.set_area_code(options.area);
  if (!options.school.empty()) {
    int64_t school_id = 0;
    if (!absl::SimpleAtoi(options.school, &school_id) || school_id <= 0) {
      return absl::InvalidArgumentError("--school: must be a school id");
    }
    request.set_school_id(school_id);
  }
  request.set_village_code(options.village);
  for (absl::string_view name :
       absl::StrSplit(options.tiers, ',', absl::SkipWhitespace())) {
    absl::StatusOr<baoxue::v1::RiskTier> tier = ParseTier(name);
    if (!tier.ok()) return tier.status();
    request.add_tiers(*tier);
  }
  request.set_sort(options.sort);
  if (options.order == "asc") {
    request.set_order(baoxue::v1::SORT_ORDER_ASCENDING);
  } else if (options.order == "desc") {
    request.set_order(baoxue::v1::SORT_ORDER_DESCENDING);
  } else if (!options.order.empty()) {
    return absl::InvalidArgumentError("--order: must be asc or desc");
  }
  request.set_limit(options.limit);
  return request;
}

absl::Status RiskListCommand(const BaoxueClient& client,
                             const RiskListOptions& options, Words words) {
  if (absl::Status flags =
          CheckExportFlags(options.format, options.output, "risk-list.xlsx");
      !flags.ok()) {
    return flags;
  }
  const domain::Language language = words.language();
  absl::StatusOr<baoxue::v1::GetRiskListRequest> request =
      RiskListRequest(options);
  if (!request.ok()) return request.status();
  absl::StatusOr<baoxue::v1::RiskList> list = client.GetRiskList(*request);
  if (!list.ok()) return list.status();
  if (list->students_size() < list->total()) {
    if (words.english()) {
      std::cerr << "first " << list->students_size() << " of " << list->total()
                << " (--limit up to 2000)\n";
    } else {
      std::cerr << "显示前 " << list->students_size() << " 名，共 "
                << list->total() << " 名（--limit 最多 2000）\n";
    }
  }
  return WriteExport(*list, options.format, options.json, options.output,
                     {[&](std::ostream& out) {
                        exports::PrintRiskListTable(*list, language, out);
                      },
                      [&] { return exports::RiskListCsv(*list, language); },
                      [&] {
                        return std::vector<xlsx::Sheet>{
                            exports::RiskListSheet(*list, language)};
                      }},
                     words);
}

}  // namespace baoxue::client
