#ifndef BAOXUE_CLIENT_IMPORT_VIEW_H_
#define BAOXUE_CLIENT_IMPORT_VIEW_H_

#include <ostream>

#include "baoxue/v1/imports.pb.h"
#include "domain/vocabulary.h"

namespace baoxue::client {

// `baoxue import`'s result in one language: the counts, then the first 20
// refused rows with the server's reason in that language (reason_zh in
// Chinese, falling back to the English reason from an older server).
void PrintImportResult(const baoxue::v1::ImportResult& result,
                       domain::Language lang, std::ostream& out);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_IMPORT_VIEW_H_
