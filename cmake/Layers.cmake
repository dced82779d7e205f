# The dependency direction of docs/design.md, enforced by the build: before a
# library compiles, its sources and their headers are checked for includes the
# layer may not use. A wrong include (pqxx in core, gRPC in model, the web
# calling PostgreSQL) fails the build with the file and the rule it broke.
# PRIVATE links keep the other half: a layer cannot link what it may not use.

set(BAOXUE_LAYER_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/check_layer.cmake)

# The forbidden includes, by name, as regular expressions.
set(NO_SQL "^pqxx/" "^libpq")
set(NO_GRPC "^grpc/" "^grpcpp/" "\\.grpc\\.pb\\.h$")
set(NO_HTTP "^httplib\\.h$" "^curl/")
set(NO_PROTOBUF "^google/protobuf/" "^baoxue/v1/")
set(NO_PG_STORE "^server/store/pg_")
set(NO_SERVER "^server/")
set(NO_CLIENT "^client/")

# baoxue_layer(<target> <layer name> <forbidden regex>...)
# Checks the target's sources, the headers beside them with the same name,
# and every header in the folders listed after HEADERS_IN.
function(baoxue_layer target layer)
  if(NOT TARGET ${target})
    return()
  endif()
  cmake_parse_arguments(PARSE_ARGV 2 ARG "" "" "FORBID;HEADERS_IN")
  get_target_property(sources ${target} SOURCES)
  get_target_property(source_dir ${target} SOURCE_DIR)
  set(files "")
  foreach(source IN LISTS sources)
    if(NOT IS_ABSOLUTE "${source}")
      set(source "${source_dir}/${source}")
    endif()
    if(source MATCHES "\\.(pb|grpc\\.pb)\\.cc$" OR NOT EXISTS "${source}")
      continue()
    endif()
    list(APPEND files "${source}")
    string(REGEX REPLACE "\\.cc$" ".h" header "${source}")
    if(EXISTS "${header}")
      list(APPEND files "${header}")
    endif()
  endforeach()
  foreach(folder IN LISTS ARG_HEADERS_IN)
    file(GLOB headers "${PROJECT_SOURCE_DIR}/${folder}/*.h")
    list(APPEND files ${headers})
  endforeach()
  list(REMOVE_DUPLICATES files)
  set(stamp "${CMAKE_BINARY_DIR}/layers/${target}.ok")
  add_custom_command(OUTPUT "${stamp}"
    COMMAND ${CMAKE_COMMAND} "-DLAYER=${layer}" "-DFILES=${files}"
            "-DFORBID=${ARG_FORBID}" "-DSTAMP=${stamp}"
            -P "${BAOXUE_LAYER_SCRIPT}"
    DEPENDS ${files} "${BAOXUE_LAYER_SCRIPT}" "${CMAKE_CURRENT_LIST_FILE}"
    COMMENT "Checking the includes of layer ${layer} (${target})"
    VERBATIM)
  add_custom_target(${target}_layer_check DEPENDS "${stamp}")
  add_dependencies(${target} ${target}_layer_check)
endfunction()

baoxue_layer(baoxue_base base
  FORBID ${NO_SQL} ${NO_GRPC} ${NO_HTTP} ${NO_PROTOBUF} ${NO_SERVER}
         ${NO_CLIENT} "^model/" "^domain/" "^Eigen/" "^xlsx/"
  HEADERS_IN base)
baoxue_layer(baoxue_domain domain
  FORBID ${NO_SQL} ${NO_GRPC} ${NO_HTTP} ${NO_PROTOBUF} ${NO_SERVER}
         ${NO_CLIENT} "^model/" "^Eigen/" "^xlsx/"
  HEADERS_IN domain)
baoxue_layer(baoxue_model model
  FORBID ${NO_SQL} ${NO_GRPC} ${NO_HTTP} ${NO_SERVER} ${NO_CLIENT} "^xlsx/"
  HEADERS_IN model)
baoxue_layer(baoxue_xlsx xlsx
  FORBID ${NO_SQL} ${NO_GRPC} ${NO_HTTP} ${NO_SERVER} ${NO_CLIENT} "^model/"
  HEADERS_IN xlsx)
baoxue_layer(baoxue_store_api "store interfaces"
  FORBID ${NO_SQL} ${NO_GRPC} ${NO_HTTP} ${NO_PG_STORE}
         "^server/(core|rpc|web|notify)/" ${NO_CLIENT})
baoxue_layer(baoxue_store_pg "store (PostgreSQL)"
  FORBID ${NO_GRPC} ${NO_HTTP} "^server/(core|rpc|web|notify)/" ${NO_CLIENT})
baoxue_layer(baoxue_core core
  FORBID ${NO_SQL} ${NO_GRPC} ${NO_HTTP} ${NO_PG_STORE}
         "^server/(rpc|web|notify)/" ${NO_CLIENT}
  HEADERS_IN server/core)
baoxue_layer(baoxue_notify notify
  FORBID ${NO_SQL} ${NO_GRPC} "^httplib\\.h$" ${NO_PG_STORE}
         "^server/(rpc|web)/" ${NO_CLIENT}
  HEADERS_IN server/notify)
baoxue_layer(baoxue_rpc rpc
  FORBID ${NO_SQL} ${NO_HTTP} ${NO_PG_STORE} "^server/(web|notify)/"
         ${NO_CLIENT}
  HEADERS_IN server/rpc)
baoxue_layer(baoxue_web web
  FORBID ${NO_SQL} ${NO_GRPC} "^curl/" ${NO_PG_STORE} "^server/(rpc|notify)/"
         ${NO_CLIENT}
  HEADERS_IN server/web)
baoxue_layer(baoxue_client client
  FORBID ${NO_SQL} ${NO_HTTP} ${NO_SERVER} "^model/"
  HEADERS_IN client)
baoxue_layer(baoxue "client (CLI)"
  FORBID ${NO_SQL} ${NO_HTTP} ${NO_SERVER} "^model/")
baoxue_layer(baoxue_tabular tabular
  FORBID ${NO_SQL} ${NO_GRPC} ${NO_HTTP} ${NO_PROTOBUF} ${NO_SERVER}
         ${NO_CLIENT} "^model/"
  HEADERS_IN tabular)
baoxue_layer(baoxue_core_imports "core (imports)"
  FORBID ${NO_SQL} ${NO_GRPC} ${NO_HTTP} ${NO_PG_STORE}
         "^server/(rpc|web|notify)/" ${NO_CLIENT}
  HEADERS_IN server/core/imports)
baoxue_layer(baoxue_exports exports
  FORBID ${NO_SQL} ${NO_GRPC} ${NO_HTTP} ${NO_SERVER} ${NO_CLIENT} "^model/"
  HEADERS_IN exports)
baoxue_layer(baoxue_convert convert
  FORBID ${NO_SQL} ${NO_GRPC} ${NO_HTTP} ${NO_PG_STORE}
         "^server/(rpc|web|notify)/" ${NO_CLIENT}
  HEADERS_IN server/convert)
baoxue_layer(baoxue_core_checks "core (checks)"
  FORBID ${NO_SQL} ${NO_GRPC} ${NO_HTTP} ${NO_PG_STORE}
         "^server/(rpc|web|notify)/" ${NO_CLIENT}
  HEADERS_IN server/core/checks)
baoxue_layer(baoxue_server_config "server configuration"
  FORBID ${NO_SQL} ${NO_HTTP} ${NO_PG_STORE} "^server/(rpc|web)/" ${NO_CLIENT})
baoxue_layer(baoxue_metrics metrics
  FORBID ${NO_SQL} ${NO_HTTP} ${NO_PG_STORE} "^server/(rpc|web|notify)/"
         ${NO_CLIENT}
  HEADERS_IN server/metrics)
