# The version and git commit that `foliod --version`, `folio-wallet --version`, `folio-cli --version` and
# chain_status report. The commit is read when CMake configures, never at build time, so a commit recompiles
# one small generated file (version.cpp) instead of everything; CMake re-configures by itself when HEAD moves.
# Outside a git checkout (a release tarball) the commit is "unknown".
find_package(Git QUIET)
set(FOLIO_GIT_COMMIT "unknown")
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD
                  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                  OUTPUT_VARIABLE folio_git_head OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE folio_git_status ERROR_QUIET)
  if(folio_git_status EQUAL 0 AND NOT folio_git_head STREQUAL "")
    set(FOLIO_GIT_COMMIT "${folio_git_head}")
    # Re-configure when HEAD or the branch it names moves (a worktree has its own HEAD under --git-dir).
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --absolute-git-dir
                    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                    OUTPUT_VARIABLE folio_git_dir OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    execute_process(COMMAND ${GIT_EXECUTABLE} symbolic-ref -q HEAD
                    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                    OUTPUT_VARIABLE folio_git_ref OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --git-common-dir
                    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                    OUTPUT_VARIABLE folio_git_common OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    get_filename_component(folio_git_common "${folio_git_common}" ABSOLUTE BASE_DIR ${PROJECT_SOURCE_DIR})
    foreach(watched "${folio_git_dir}/HEAD" "${folio_git_common}/${folio_git_ref}" "${folio_git_common}/packed-refs")
      if(EXISTS "${watched}" AND NOT IS_DIRECTORY "${watched}")
        set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${watched}")
      endif()
    endforeach()
  endif()
endif()
configure_file(${PROJECT_SOURCE_DIR}/chain/version.cpp.in ${PROJECT_BINARY_DIR}/generated/version.cpp @ONLY)
add_library(folio_version STATIC ${PROJECT_BINARY_DIR}/generated/version.cpp)
target_include_directories(folio_version PUBLIC ${PROJECT_SOURCE_DIR})
target_compile_options(folio_version PRIVATE ${FOLIO_WARNINGS})
