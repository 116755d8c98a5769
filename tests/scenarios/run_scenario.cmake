# Runs `plantarfe run SCENARIO -o OUT [--set SETS]` and checks the exit code
# and which files exist afterwards (EXPECT_NO_FILES: glob patterns).
file(REMOVE_RECURSE ${OUT})
set(args run ${SCENARIO} -o ${OUT})
string(REPLACE "|" ";" SETS "${SETS}")
foreach(s ${SETS})
  list(APPEND args --set ${s})
endforeach()
execute_process(COMMAND ${EXE} ${args} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL EXPECT_EXIT)
  message(FATAL_ERROR "exit code ${rc}, expected ${EXPECT_EXIT}")
endif()
foreach(f ${EXPECT_FILES})
  # Collapse "..": EXISTS does not pass through a folder that a failed run
  # never created.
  get_filename_component(path "${OUT}/${f}" ABSOLUTE)
  if(NOT EXISTS ${path})
    message(FATAL_ERROR "missing output ${path}")
  endif()
endforeach()
# Glob patterns: temporaries have random names (.results.h5.*.tmp).
foreach(f ${EXPECT_NO_FILES})
  file(GLOB found ${OUT}/${f})
  if(found)
    message(FATAL_ERROR "unexpected output ${found} after a failed run")
  endif()
endforeach()
