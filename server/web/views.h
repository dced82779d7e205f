#ifndef BAOXUE_SERVER_WEB_VIEWS_H_
#define BAOXUE_SERVER_WEB_VIEWS_H_

#include <string>
#include <vector>

#include "server/core/risk_list.h"
#include "server/core/web_auth.h"
#include "server/store/case_types.h"
#include "xlsx/xlsx_writer.h"

namespace baoxue::web {

// Renderings of core results for the page (JSON, docs/web-api.md), Excel
// and print. Pure functions; student names are masked here at the latest.
std::string MeJson(const core::WebSession& session);
std::string RiskListJson(const core::RiskListView& view);
std::string CasePageJson(const store::Area& area, const store::CasePage& page);
std::string CaseDetailJson(const store::CaseDetail& detail);
std::string LedgerJson(const store::Area& area, const store::Ledger& ledger);

// lang: "zh" (default) or "en".
std::vector<xlsx::Sheet> RiskListSheets(const core::RiskListView& view,
                                        const std::string& lang);
std::vector<xlsx::Sheet> LedgerSheets(const store::Area& area,
                                      const store::Ledger& ledger,
                                      const std::string& lang);
std::string RiskListPrintHtml(const core::RiskListView& view,
                              const std::string& lang);
std::string LedgerPrintHtml(const store::Area& area,
                            const store::Ledger& ledger,
                            const std::string& lang);

}  // namespace baoxue::web

#endif  // BAOXUE_SERVER_WEB_VIEWS_H_
