#include "server/core/case_rules.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/vocabulary.h"
#include "server/core/case_chain.h"

namespace baoxue::core {
namespace {

struct LevelDefault {
  int ack_hours;
  int resolve_hours;
};
// Index = level - 1 (TEACHER ... TOWNSHIP_HEAD); see config.proto.
constexpr LevelDefault kLevelDefaults[store::kChainLevels] = {
    {24, 72}, {24, 120}, {48, 168}, {48, 168}, {72, 240}, {72, 336}};

int LevelOfRole(const std::string& role) {
  const std::optional<domain::ChainRole> parsed =
      domain::Parse<domain::ChainRole>(role);
  return parsed.has_value() ? domain::LevelOf(*parsed) : 0;
}

}  // namespace

absl::Status ApplyCaseDefaults(baoxue::v1::CasePolicyConfig& config) {
  if (config.rise_threshold() == 0) config.set_rise_threshold(0.15);
  if (!(config.rise_threshold() > 0 && config.rise_threshold() < 1)) {
    return absl::InvalidArgumentError(
        "cases.rise_threshold must be between 0 and 1");
  }
  if (config.escalation_poll_seconds() == 0) {
    config.set_escalation_poll_seconds(60);
  }
  if (config.reminder_interval_hours() == 0) {
    config.set_reminder_interval_hours(24);
  }
  if (config.escalation_poll_seconds() < 0) {
    return absl::InvalidArgumentError(
        "cases.escalation_poll_seconds must be > 0");
  }
  if (config.reminder_interval_hours() < 0) {
    return absl::InvalidArgumentError(
        "cases.reminder_interval_hours must be > 0");
  }
  bool listed[store::kChainLevels] = {};
  for (int i = 0; i < config.levels_size(); ++i) {
    baoxue::v1::LevelDeadlines& level = *config.mutable_levels(i);
    const std::string field = absl::StrCat("cases.levels[", i, "]");
    const int number = LevelOfRole(level.role());
    if (number == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".role: unknown role ", level.role(),
          " (TEACHER, PRINCIPAL, PARENT, GROUP_HEAD, VILLAGE_HEAD or "
          "TOWNSHIP_HEAD)"));
    }
    if (listed[number - 1]) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".role: ", level.role(), " is listed twice"));
    }
    listed[number - 1] = true;
    const LevelDefault defaults = kLevelDefaults[number - 1];
    if (level.ack_hours() == 0) level.set_ack_hours(defaults.ack_hours);
    if (level.resolve_hours() == 0) {
      level.set_resolve_hours(defaults.resolve_hours);
    }
    if (level.ack_hours() < 0 || level.resolve_hours() < level.ack_hours()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": need 0 < ack_hours <= resolve_hours, got ",
                       level.ack_hours(), " and ", level.resolve_hours()));
    }
  }
  for (int number = 1; number <= store::kChainLevels; ++number) {
    if (listed[number - 1]) continue;
    baoxue::v1::LevelDeadlines& level = *config.add_levels();
    level.set_role(std::string(domain::Code(*domain::RoleAtLevel(number))));
    level.set_ack_hours(kLevelDefaults[number - 1].ack_hours);
    level.set_resolve_hours(kLevelDefaults[number - 1].resolve_hours);
  }
  return absl::OkStatus();
}

store::CaseRules CaseRulesFromConfig(
    const baoxue::v1::CasePolicyConfig& config) {
  return CaseChain(config).StoreRules();
}

absl::Duration DefaultAckWithin(int level) {
  return absl::Hours(kLevelDefaults[level - 1].ack_hours);
}

absl::Duration DefaultResolveWithin(int level) {
  return absl::Hours(kLevelDefaults[level - 1].resolve_hours);
}

std::vector<store::OutboxChannel> OutboxChannelsFromConfig(
    const baoxue::v1::NotifyConfig& config) {
  std::vector<store::OutboxChannel> channels;
  for (const baoxue::v1::NotifyChannel& channel : config.channels()) {
    std::string prefix = channel.area_code();
    // A county or township code covers everything under its prefix.
    while (prefix.size() > 6 && prefix.size() % 3 == 0 &&
           prefix.substr(prefix.size() - 3) == "000") {
      prefix.resize(prefix.size() - 3);
    }
    channels.push_back({channel.name(), prefix});
  }
  return channels;
}

}  // namespace baoxue::core
