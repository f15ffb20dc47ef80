// ipvsadm sorts with qsort() and comparators that subtract unsigned 32-bit
// addresses into an int, so the order wraps: 10.0.0.1 sorts after 192.168.0.1
// (their difference overflows int). The comparator is not transitive, so the
// result also depends on the sort algorithm: glibc 2.36's qsort is a top-down
// merge sort, reproduced here, so our order matches ipvsadm's exactly.
#include <arpa/inet.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "pkg/ipvs/list_format.h"

namespace ki::ipvs {
namespace {

uint32_t Word(const IpAddress& a, int i) {
  uint32_t w = 0;
  std::memcpy(&w, &a.bytes[static_cast<size_t>(i) * 4], 4);
  return ntohl(w);
}

int Diff(uint32_t a, uint32_t b) { return static_cast<int32_t>(a - b); }

int CmpAddr(uint16_t af, const IpAddress& a, const IpAddress& b) {
  if (af != kAfInet6) return Diff(Word(a, 0), Word(b, 0));
  int r = 0;
  for (int i = 0; r == 0 && i < 4; ++i) r = Diff(Word(a, i), Word(b, i));
  return r;
}

int CmpServices(const TableEntry& x, const TableEntry& y) {
  const ServiceKey& a = x.service.key;
  const ServiceKey& b = y.service.key;
  int r = Diff(a.fwmark, b.fwmark);
  if (r != 0) return r;
  r = int{a.af} - int{b.af};
  if (r != 0) return r;
  r = int{a.protocol} - int{b.protocol};
  if (r != 0) return r;
  r = CmpAddr(a.af, a.addr, b.addr);
  if (r != 0) return r;
  return int{a.port} - int{b.port};
}

int CmpDests(const Destination& a, const Destination& b) {
  int r = CmpAddr(a.addr.family, a.addr, b.addr);
  if (r != 0) return r;
  return int{a.port} - int{b.port};
}

// glibc msort_with_tmp over indices: split n/2, sort halves, merge taking the
// left element when cmp <= 0.
template <typename T, typename Cmp>
void MergeSort(const std::vector<T>& v, size_t* idx, size_t n, size_t* tmp, Cmp cmp) {
  if (n <= 1) return;
  const size_t n1 = n / 2, n2 = n - n1;
  MergeSort(v, idx, n1, tmp, cmp);
  MergeSort(v, idx + n1, n2, tmp, cmp);
  size_t i = 0, j = n1, k = 0;
  while (i < n1 && j < n) tmp[k++] = cmp(v[idx[i]], v[idx[j]]) <= 0 ? idx[i++] : idx[j++];
  while (i < n1) tmp[k++] = idx[i++];
  while (j < n) tmp[k++] = idx[j++];
  std::memcpy(idx, tmp, n * sizeof(size_t));
}

template <typename T, typename Cmp>
void SortLikeQsort(std::vector<T>& v, Cmp cmp) {
  std::vector<size_t> idx(v.size()), tmp(v.size());
  for (size_t i = 0; i < v.size(); ++i) idx[i] = i;
  MergeSort(v, idx.data(), v.size(), tmp.data(), cmp);
  std::vector<T> out;
  out.reserve(v.size());
  for (size_t i : idx) out.push_back(std::move(v[i]));
  v = std::move(out);
}

}  // namespace

void SortLikeIpvsadm(std::vector<TableEntry>& table) {
  SortLikeQsort(table, CmpServices);
  for (TableEntry& e : table) SortLikeQsort(e.dests, CmpDests);
}

}  // namespace ki::ipvs
