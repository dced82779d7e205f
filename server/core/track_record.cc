#include "server/core/track_record.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace baoxue::core {
namespace {

using domain::CaseMeasure;
using domain::RiskTier;

std::optional<double> Ratio(int64_t numerator, int64_t denominator) {
  if (denominator <= 0) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

void Finish(RealisedFigures* figures) {
  figures->precision = Ratio(figures->flagged_dropped_out, figures->flagged);
  figures->recall = Ratio(figures->flagged_dropped_out, figures->dropped_out);
}

void Add(const store::RealisedCell& cell, RealisedFigures* figures) {
  figures->students += cell.students;
  figures->dropped_out += cell.dropped_out;
  if (IsFlagged(cell.tier)) {
    figures->flagged += cell.students;
    figures->flagged_dropped_out += cell.dropped_out;
    figures->flagged_brought_back += cell.brought_back;
  }
}

}  // namespace

bool IsFlagged(RiskTier tier) {
  return tier == RiskTier::kHigh || tier == RiskTier::kMedium;
}

std::vector<std::string> NamedOutcomeCodes() {
  return {std::string(domain::Code(domain::CaseOutcome::kReturned)),
          std::string(domain::Code(domain::CaseOutcome::kTransferred)),
          std::string(domain::Code(domain::CaseOutcome::kHomeDelivery))};
}

RunTrackRecord ScheduleRun(const store::TrackedRun& run, absl::CivilDay today) {
  RunTrackRecord record;
  record.run = run;
  record.horizon_days =
      run.horizon_days > 0 ? run.horizon_days : kDefaultHorizonDays;
  record.due_on = run.as_of + record.horizon_days;
  record.due = record.due_on <= today;
  return record;
}

store::OutcomeWindow WindowOf(const RunTrackRecord& record) {
  return store::OutcomeWindow{record.run.as_of, record.due_on};
}

RealisedFigures SumFigures(const std::vector<store::RealisedCell>& cells) {
  RealisedFigures figures;
  for (const store::RealisedCell& cell : cells) Add(cell, &figures);
  Finish(&figures);
  return figures;
}

void FillRealisedFigures(const std::vector<store::RealisedCell>& cells,
                         const std::vector<store::MeasureCell>& measures,
                         RunTrackRecord* record) {
  record->overall = SumFigures(cells);
  record->tiers.clear();
  for (RiskTier tier : {RiskTier::kHigh, RiskTier::kMedium, RiskTier::kLow}) {
    TierRecord row;
    row.tier = tier;
    for (const store::RealisedCell& cell : cells) {
      if (cell.tier != tier) continue;
      row.students += cell.students;
      row.dropped_out += cell.dropped_out;
      row.brought_back += cell.brought_back;
    }
    row.dropout_rate = Ratio(row.dropped_out, row.students);
    record->tiers.push_back(row);
  }
  std::map<std::string, std::vector<store::RealisedCell>> by_township;
  std::map<std::string, std::string> names;
  for (const store::RealisedCell& cell : cells) {
    by_township[cell.township_code].push_back(cell);
    if (!cell.township_name.empty()) {
      names[cell.township_code] = cell.township_name;
    }
  }
  record->townships.clear();
  for (const auto& [code, township_cells] : by_township) {
    record->townships.push_back(
        TownshipRecord{code, names[code], SumFigures(township_cells)});
  }
  record->measures.clear();
  for (const domain::Term<CaseMeasure>& term :
       domain::Vocabulary<CaseMeasure>::kTerms) {
    MeasureRecord row;
    row.measure = term.value;
    for (const store::MeasureCell& cell : measures) {
      if (cell.measure != term.code) continue;
      row.cases = cell.cases;
      row.median_days_to_close = cell.median_days_to_close;
    }
    record->measures.push_back(row);
  }
}

absl::StatusOr<TrackRecord> TrackRecordReader::Read(const Caller& caller,
                                                    int limit) const {
  BAOXUE_RETURN_IF_ERROR(RequireRole(
      caller, {store::CallerRole::kDataStaff, store::CallerRole::kAdmin},
      "read the track record"));
  if (limit < 0 || limit > kMaxTrackRecordRuns) {
    return absl::InvalidArgumentError(absl::StrCat(
        "limit must be between 0 and ", kMaxTrackRecordRuns, ", not ", limit));
  }
  return ReadWithin(caller.scope, limit);
}

absl::StatusOr<TrackRecord> TrackRecordReader::ScheduleWithin(
    const store::Area& within, int limit) const {
  TrackRecord track_record;
  track_record.today = LocalDay(clock_->Now());
  BAOXUE_ASSIGN_OR_RETURN(
      std::vector<store::TrackedRun> runs,
      store_->ListSucceededRuns(within, track_record.today, kDefaultHorizonDays,
                                limit == 0 ? kDefaultTrackRecordRuns : limit));
  for (const store::TrackedRun& run : runs) {
    track_record.runs.push_back(ScheduleRun(run, track_record.today));
  }
  return track_record;
}

absl::StatusOr<TrackRecord> TrackRecordReader::ReadWithin(
    const store::Area& within, int limit) const {
  BAOXUE_ASSIGN_OR_RETURN(TrackRecord track_record,
                          ScheduleWithin(within, limit));
  const std::vector<std::string> named = NamedOutcomeCodes();
  for (RunTrackRecord& record : track_record.runs) {
    if (!record.due) continue;
    BAOXUE_ASSIGN_OR_RETURN(
        std::vector<store::RealisedCell> cells,
        store_->RealisedCells(record.run.run_id, WindowOf(record)));
    BAOXUE_ASSIGN_OR_RETURN(std::vector<store::MeasureCell> measures,
                            store_->MeasureCells(record.run.run_id, named));
    FillRealisedFigures(cells, measures, &record);
  }
  return track_record;
}

}  // namespace baoxue::core
