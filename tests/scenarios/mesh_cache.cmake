# The mesh cache gives the same results as meshing afresh: runs the 2D quiet
# standing scenario with an empty cache folder (meshes and stores), again
# (reads the entry) and once with the cache off, and compares the metrics.
# A build from a modified tree never uses the cache; then only the equality
# of the results is checked.
file(REMOVE_RECURSE ${OUT})
set(ENV{PLANTARFE_CACHE_DIR} ${OUT}/cache)
foreach(run first cached)
  execute_process(COMMAND ${EXE} run ${SCENARIO} -o ${OUT}/${run} --set "Output/Write VTU=false"
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "run ${run} failed (${rc})")
  endif()
endforeach()
set(ENV{PLANTARFE_MESH_CACHE} off)
execute_process(COMMAND ${EXE} run ${SCENARIO} -o ${OUT}/fresh --set "Output/Write VTU=false"
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "run without cache failed (${rc})")
endif()
file(READ ${COMMIT_HEADER} commit)
file(GLOB entries ${OUT}/cache/meshes/*.msh)
if(commit MATCHES "dirty")
  message("modified source tree: cache bypassed")
elseif(NOT entries)
  message(FATAL_ERROR "no cache entry written in ${OUT}/cache/meshes")
endif()
foreach(run first cached fresh)
  file(STRINGS ${OUT}/${run}/summary.csv lines)
  list(FILTER lines EXCLUDE REGEX "^wall_time")
  set(csv_${run} "${lines}")
endforeach()
if(NOT csv_first STREQUAL csv_cached OR NOT csv_first STREQUAL csv_fresh)
  message(FATAL_ERROR "metrics differ between fresh and cached meshes:\n${csv_first}\n${csv_cached}\n${csv_fresh}")
endif()
message("cached and fresh meshes give identical metrics")
