# A failed run never replaces an earlier complete result, and a folder that
# holds another scenario's results (or unrelated files) is refused.
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
set(small "Geometry/Cook membrane/Cells per edge=4")
function(run expect_rc regex)
  execute_process(COMMAND ${EXE} ${ARGN} RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
  message("${err}")
  if(NOT rc EQUAL expect_rc)
    message(FATAL_ERROR "exit ${rc}, expected ${expect_rc}: ${ARGN}")
  endif()
  if(NOT "${err}" MATCHES "${regex}")
    message(FATAL_ERROR "message does not match '${regex}'")
  endif()
endfunction()

run(0 "done" run ${COOK} --set ${small} -o ${OUT}/a)
file(READ ${OUT}/a/status.json first)
file(SHA256 ${OUT}/a/results.h5 first_h5)

run(2 "holds results of scenario" run ${BLOCK} -o ${OUT}/a)

run(1 "NOT CONVERGED" run ${COOK} --set ${small}
    --set "Geometry/Cook membrane/Shear traction=6.25e9" --set "Solver/Max cut-backs=1" -o ${OUT}/a)
file(READ ${OUT}/a/status.json after)
file(SHA256 ${OUT}/a/results.h5 after_h5)
if(NOT first STREQUAL after OR NOT first_h5 STREQUAL after_h5)
  message(FATAL_ERROR "the failed run changed the earlier complete result")
endif()
if(NOT EXISTS ${OUT}/a.incomplete/status.json)
  message(FATAL_ERROR "the failed run's partial output was not kept in a.incomplete")
endif()
file(READ ${OUT}/a.incomplete/status.json failed)
if(NOT failed MATCHES "not_converged")
  message(FATAL_ERROR "a.incomplete/status.json does not say not_converged")
endif()
# A run killed between moving the earlier result aside and moving its own in
# (the fallback on file systems without RENAME_EXCHANGE) leaves the earlier
# result as .a.old: the next run puts it back before anything else.
file(RENAME ${OUT}/a ${OUT}/.a.old)
run(1 "NOT CONVERGED" run ${COOK} --set ${small}
    --set "Geometry/Cook membrane/Shear traction=6.25e9" --set "Solver/Max cut-backs=1" -o ${OUT}/a)
file(SHA256 ${OUT}/a/results.h5 restored_h5)
if(NOT first_h5 STREQUAL restored_h5)
  message(FATAL_ERROR "the earlier result left as .a.old was not restored")
endif()

file(GLOB leftovers ${OUT}/.*)
if(leftovers)
  message(FATAL_ERROR "staging folders left behind: ${leftovers}")
endif()

file(MAKE_DIRECTORY ${OUT}/unrelated)
file(WRITE ${OUT}/unrelated/notes.txt "mine")
run(2 "holds no PlantarFE results" run ${COOK} --set ${small} -o ${OUT}/unrelated)
