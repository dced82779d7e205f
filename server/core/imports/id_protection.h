#ifndef BAOXUE_SERVER_CORE_IMPORTS_ID_PROTECTION_H_
#define BAOXUE_SERVER_CORE_IMPORTS_ID_PROTECTION_H_

// How resident IDs are kept once validated (docs/imports.md, "Validation"):
// the database stores a keyed hash, to match people across imports and
// registries, and the last four characters, for officials to tell people
// apart on screen. The full number is never stored, logged or returned.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/imports/resident_id.h"

namespace baoxue::core::imports {

// HMAC-SHA256 of a validated ID under a county's secret. A plain hash of an
// 18-digit ID with a known structure (region, birth date, check digit) is
// reversed by enumeration in minutes; with a secret key it is not, while
// equal IDs still give equal hashes within the county.
// Thread-safe: immutable after Create(). The secret is wiped on destruction.
class KeyedIdHash {
 public:
  static constexpr size_t kMinSecretBytes = 32;

  // INVALID_ARGUMENT "county_secret: ..." if the secret is shorter than
  // kMinSecretBytes.
  static absl::StatusOr<KeyedIdHash> Create(std::string county_secret);

  KeyedIdHash(KeyedIdHash&& other) noexcept;
  KeyedIdHash& operator=(KeyedIdHash&& other) noexcept;
  KeyedIdHash(const KeyedIdHash&) = delete;
  KeyedIdHash& operator=(const KeyedIdHash&) = delete;
  ~KeyedIdHash();

  // 64 lower-case hex characters of HMAC-SHA256(secret, id.number). Only a
  // parsed ID is accepted, so "...123x" and "...123X" hash alike.
  std::string Hash(const ResidentId& id) const;

 private:
  explicit KeyedIdHash(std::string secret) : secret_(std::move(secret)) {}
  std::string secret_;
};

// The display form of a validated ID: 14 stars and the last four characters,
// "**************123X", as wide as the number it stands for.
std::string LastFour(const ResidentId& id);

// Masks whatever a rejected row held in an ID column, for the file of
// rejected rows handed back to the county: every character but the last four
// becomes '*', keeping the length so that a too-short or too-long entry stays
// visible ("3607211234" -> "******1234"); text of four characters or fewer is
// all stars. Counts characters, not bytes (UTF-8).
std::string MaskIdText(absl::string_view text);

}  // namespace baoxue::core::imports

#endif  // BAOXUE_SERVER_CORE_IMPORTS_ID_PROTECTION_H_
