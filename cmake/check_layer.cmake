# Fails when a file of a layer includes a header the layer may not use.
# Run by the build (see Layers.cmake) as:
#   cmake -DLAYER=core -DFILES="a.cc;a.h" -DFORBID="^pqxx/;^server/rpc/" \
#         [-DSTAMP=file] -P check_layer.cmake
# FORBID holds regular expressions matched against the included path.
set(violations "")
foreach(file IN LISTS FILES)
  if(NOT EXISTS "${file}")
    continue()
  endif()
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]+)[>\"].*$"
      "\\1" included "${line}")
    foreach(pattern IN LISTS FORBID)
      if(included MATCHES "${pattern}")
        string(APPEND violations
          "\n  ${file} includes ${included} (forbidden in ${LAYER}: ${pattern})")
      endif()
    endforeach()
  endforeach()
endforeach()
if(violations)
  message(FATAL_ERROR "layer ${LAYER}: a wrong include${violations}\n"
    "See docs/design.md (layers) for what each layer may use.")
endif()
if(STAMP)
  file(WRITE "${STAMP}" "ok\n")
endif()
