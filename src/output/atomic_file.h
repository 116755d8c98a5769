// Every output file appears under its final name only when complete: it is
// written to a hidden temporary beside the target and renamed onto it (rename
// is atomic within a folder). The temporary is created exclusively under a
// fresh name, so a file that is not ours is never truncated or deleted, and
// two writers of the same target never share a temporary.
#pragma once

#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace plantarfe::output
{
  /// One atomic write of @p target. Either write through stream(), or hand
  /// temporary() to a library that opens files by name (VTK, HDF5), then
  /// commit(). Without commit() the destructor deletes the temporary, so an
  /// exception or an early return leaves neither temporary nor target.
  class AtomicFile
  {
  public:
    /// Reserves ".<name>.XXXXXX.tmp" beside @p target (O_CREAT | O_EXCL,
    /// mode 0666 less the umask, as a plain file would get), drawing another
    /// XXXXXX while the name exists. Throws IoError naming the file and the
    /// reason, e.g. a folder that does not exist. @p random_part replaces
    /// the random draw of XXXXXX (tests use it to force a name collision).
    /// @p keep_extension: ".<name>.XXXXXX.tmp<.ext>", for writers that
    /// choose the format by the extension (Gmsh).
    explicit AtomicFile(
      const std::string                  &target,
      const std::function<std::string()> &random_part    = nullptr,
      bool                                keep_extension = false);

    /// Removes the temporary unless committed; never throws.
    ~AtomicFile();

    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &
    operator=(const AtomicFile &) = delete;

    /// The path to write to. A library writer may truncate or replace the
    /// file under this name.
    const std::string &
    temporary() const
    {
      return temp_path;
    }

    const std::string &
    target() const
    {
      return target_path;
    }

    /// A binary stream on temporary(), opened (truncating) on first use.
    std::ostream &
    stream();

    /// Closes the stream (if any) and renames the temporary onto the target.
    /// Throws IoError naming the file and the system's reason when the
    /// written data could not be flushed or the rename fails; the temporary
    /// is then deleted by the destructor.
    void
    commit();

  private:
    std::string                    target_path;
    std::string                    temp_path;
    std::unique_ptr<std::ofstream> out;
    bool                           committed = false;
  };

  /// The temporaries AtomicFile leaves beside @p target when its process is
  /// killed before commit(), i.e. the existing ".<name>.XXXXXX.tmp" files.
  /// Lets a reader tell an interrupted (or running) write from no write.
  std::vector<std::string>
  temporaries_of(const std::string &target);

  /// Writes @p content to @p path through an AtomicFile; throws IoError
  /// naming the path.
  void
  write_file_atomically(const std::string &path, const std::string &content);

  /// Creates @p directory (and parents); throws IoError when it cannot.
  void
  make_directory(const std::string &directory);
} // namespace plantarfe::output
