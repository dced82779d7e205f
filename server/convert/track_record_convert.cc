#include "server/convert/track_record_convert.h"

#include <string>

#include "absl/time/civil_time.h"
#include "domain/vocabulary.h"

namespace baoxue::convert {
namespace {

void FiguresToProto(const core::RealisedFigures& figures,
                    baoxue::v1::RealisedFigures* out) {
  out->set_students(figures.students);
  out->set_flagged(figures.flagged);
  out->set_flagged_dropped_out(figures.flagged_dropped_out);
  out->set_flagged_brought_back(figures.flagged_brought_back);
  out->set_dropped_out(figures.dropped_out);
  if (figures.precision.has_value()) out->set_precision(*figures.precision);
  if (figures.recall.has_value()) out->set_recall(*figures.recall);
}

}  // namespace

void ToProto(const core::TrackRecord& record,
             baoxue::v1::GetTrackRecordResponse* out) {
  out->set_today(absl::FormatCivilTime(record.today));
  for (const core::RunTrackRecord& run : record.runs) {
    baoxue::v1::TrackRecordRun* r = out->add_runs();
    r->set_run_id(run.run.run_id);
    r->set_scope_code(run.run.scope_code);
    r->set_school_id(run.run.school_id);
    r->set_as_of_date(absl::FormatCivilTime(run.run.as_of));
    r->set_model_version(run.run.model_version);
    r->set_horizon_days(run.horizon_days);
    r->set_due_date(absl::FormatCivilTime(run.due_on));
    r->set_due(run.due);
    if (!run.due) continue;
    FiguresToProto(run.overall, r->mutable_overall());
    for (const core::TierRecord& tier : run.tiers) {
      baoxue::v1::TrackRecordTier* t = r->add_tiers();
      t->set_tier(std::string(domain::Code(tier.tier)));
      t->set_students(tier.students);
      t->set_dropped_out(tier.dropped_out);
      t->set_brought_back(tier.brought_back);
      if (tier.dropout_rate.has_value()) {
        t->set_dropout_rate(*tier.dropout_rate);
      }
    }
    for (const core::TownshipRecord& township : run.townships) {
      baoxue::v1::TrackRecordTownship* t = r->add_townships();
      t->set_township_code(township.township_code);
      t->set_township_name(township.township_name);
      FiguresToProto(township.figures, t->mutable_figures());
    }
    for (const core::MeasureRecord& measure : run.measures) {
      baoxue::v1::TrackRecordMeasure* m = r->add_measures();
      m->set_measure(std::string(domain::Code(measure.measure)));
      m->set_cases(measure.cases);
      if (measure.median_days_to_close.has_value()) {
        m->set_median_days_to_close(*measure.median_days_to_close);
      }
    }
  }
}

}  // namespace baoxue::convert
