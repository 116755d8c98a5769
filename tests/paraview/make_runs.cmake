# Fixture for the ParaView/result-file checks: two small Cook-membrane runs
# (2D default mesh, 3D with 4 cells per edge) written into OUT/cook_2d and
# OUT/cook_3d. Old folders are removed first so the checks never see stale
# files. Arguments: -DEXE=<plantarfe> -DSCENARIO=<prm> -DOUT=<folder>.
foreach(run 2d 3d)
  file(REMOVE_RECURSE ${OUT}/cook_${run})
  if(run STREQUAL "3d")
    set(extra --set "Geometry/Dimension=3" --set "Geometry/Cook membrane/Cells per edge=4")
  else()
    set(extra --set "Geometry/Dimension=2")
  endif()
  execute_process(COMMAND ${EXE} run ${SCENARIO} -o ${OUT}/cook_${run} ${extra}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "plantarfe run (${run}) failed with ${rc}:\n${out}\n${err}")
  endif()
  foreach(f results.h5 results.xdmf solution.pvd)
    if(NOT EXISTS ${OUT}/cook_${run}/${f})
      message(FATAL_ERROR "run ${run} did not write ${f}")
    endif()
  endforeach()
endforeach()
