// The objects of a services dir by the file holding them, kept so that a
// change of one file costs work for that file's objects only: which copy of
// each object is in effect (the lexically first path's, byte order; within
// one file the first), what a change of some files changes in that (the
// upserts and deletes to hand the engine), and which objects are in more
// than one place. Each duplicate is reported once per change of the files
// involved. Not thread-safe.
#pragma once

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pkg/daemon/source.h"

namespace ki::daemon {

class DirObjects {
 public:
  // What path holds now (its objects and their "file:line:col"), replacing
  // what it held; an empty list when it is gone.
  void Put(const std::string& path, std::vector<k8s::Object> objects,
           std::vector<std::string> where);
  // path was read but kept its last good objects (it failed to decode): its
  // duplicates are reported again, as for any file read.
  void Touch(const std::string& path);

  // Since the last Commit: the upserts and deletes (by key order) of objects
  // whose copy in effect is new, changed or gone, and the duplicate reports
  // that are new or involve a file put or touched (by path, then position).
  void Commit(SourceChanges& changes);

 private:
  struct File {
    std::vector<k8s::Object> objects;
    std::vector<std::string> where;
  };
  // A copy of an object: its file (the key of files_, which outlives it)
  // and index there; ordered as precedence.
  struct Holder {
    const std::string* path;
    size_t index;
    bool operator<(const Holder& o) const {
      return *path != *o.path ? *path < *o.path : index < o.index;
    }
    bool operator==(const Holder& o) const { return path == o.path && index == o.index; }
  };
  struct KeyHash {
    size_t operator()(const ObjectKey& k) const;
  };
  template <typename T>
  using ByKey = std::unordered_map<ObjectKey, T, KeyHash>;

  void MarkKeys(const std::string& path);
  // The reports for key's duplicates (holders past the first), each with
  // the copy it names.
  std::vector<std::pair<Holder, std::string>> Duplicates(const ObjectKey& key,
                                                         const std::vector<Holder>& holders) const;

  std::map<std::string, File> files_;
  ByKey<std::vector<Holder>> holders_;  // sorted: the first is in effect
  // The copy last handed out; its path is null once its file changed, and
  // the object it was is then in before_ until the next Commit (so nothing
  // is copied to tell a change).
  ByKey<Holder> in_effect_;
  ByKey<k8s::Object> before_;
  ByKey<std::vector<std::string>> reported_;
  std::vector<ObjectKey> dirty_;  // keys whose holders changed since the last Commit
  std::set<std::string> read_;
};

}  // namespace ki::daemon
