// ki-raw-ipvs: the floor any IPVS writer can reach, for the VM benchmarks
// (tests/vm/bench, tests/vm/scenarios/ipvs_bench.sh). It writes an IPVS table
// over one generic-netlink socket with nothing between it and the kernel: no
// library (not even libnl), many requests per sendmsg, the acknowledgements
// read after each window. A writer that is slower than this pays for itself,
// not for the kernel. Test-only; C on purpose, so nothing of the project's
// own code is in what it measures.
//
//   ki-raw-ipvs [--window N] FILE|-
//
// FILE is in `ipvsadm -Sn` form: "-A -t|-u VIP:PORT -s SCHED [-p T] ..." and
// "-a -t|-u VIP:PORT -r RIP:PORT -m|-g|-i -w W ..." lines (also --sctp-service,
// -f MARK, IPv6 as [ADDR]:PORT). All of it is parsed before the clock starts;
// the time printed is the writing alone:
//
//   ops=N failed=F ms=T us_per_op=U window=W
//
// Exit status: 0 every operation acknowledged, 1 some failed (the first few
// on stderr) or the socket failed, 2 usage or a line it cannot parse.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

enum { kMaxMsg = 256, kAckBuf = 256, kMaxErrorsShown = 5 };

// The service a line names: what NEW_DEST repeats to find it.
struct vs_key {
  uint8_t addr[16];
  uint32_t fwmark;
  uint16_t af;
  uint16_t protocol;
  uint16_t port;  // network order
};

struct op {
  struct vs_key vs;
  uint32_t line;
  uint8_t is_dest;
  union {
    struct {
      char sched[IP_VS_SCHEDNAME_MAXLEN];
      uint32_t flags;
      uint32_t timeout;
      uint32_t netmask;
    } svc;
    struct {
      uint8_t addr[16];
      uint16_t af;
      uint16_t port;  // network order
      uint32_t fwd;
      uint32_t weight;
      uint32_t u_thresh;
      uint32_t l_thresh;
    } dest;
  } u;
};

struct ops {
  struct op *v;
  size_t n;
  size_t cap;
};

static int usage(void) {
  fprintf(stderr, "usage: ki-raw-ipvs [--window N] FILE|-   (FILE in ipvsadm -Sn form)\n");
  return 2;
}

static int bad_line(uint32_t line, const char *what, const char *tok) {
  fprintf(stderr, "line %u: %s%s%s\n", line, what, tok ? ": " : "", tok ? tok : "");
  return -1;
}

// "1.2.3.4", "1.2.3.4:80", "[fd00::1]:80" or "fd00::1" (no port).
static int parse_addr(char *text, uint8_t addr[16], uint16_t *af, uint16_t *port) {
  char *host = text;
  char *colon = NULL;
  if (text[0] == '[') {
    char *close = strchr(text, ']');
    if (close == NULL) return -1;
    *close = '\0';
    host = text + 1;
    if (close[1] == ':') colon = close + 1;
  } else if (strchr(text, ':') == strrchr(text, ':')) {
    colon = strchr(text, ':');  // one colon: IPv4 with a port; none: IPv4 alone
  }
  if (colon != NULL) {
    char *end = NULL;
    unsigned long p = strtoul(colon + 1, &end, 10);
    if (*end != '\0' || p > 65535) return -1;
    *colon = '\0';
    *port = htons((uint16_t)p);
  }
  memset(addr, 0, 16);
  if (inet_pton(AF_INET, host, addr) == 1) {
    *af = AF_INET;
    return 0;
  }
  if (inet_pton(AF_INET6, host, addr) == 1) {
    *af = AF_INET6;
    return 0;
  }
  return -1;
}

static int parse_u32(const char *text, uint32_t *out) {
  char *end = NULL;
  if (text == NULL || *text == '\0') return -1;
  unsigned long v = strtoul(text, &end, 10);
  if (*end != '\0' || v > UINT32_MAX) return -1;
  *out = (uint32_t)v;
  return 0;
}

// -b: the scheduler flags ipvsadm prints (flag-1..3 and the sh/mh names).
static int parse_sched_flags(char *text, uint32_t *flags) {
  for (char *f = strtok(text, ","); f != NULL; f = strtok(NULL, ",")) {
    if (!strcmp(f, "flag-1") || !strcmp(f, "sh-fallback") || !strcmp(f, "mh-fallback"))
      *flags |= IP_VS_SVC_F_SCHED1;
    else if (!strcmp(f, "flag-2") || !strcmp(f, "sh-port") || !strcmp(f, "mh-port"))
      *flags |= IP_VS_SVC_F_SCHED2;
    else if (!strcmp(f, "flag-3"))
      *flags |= IP_VS_SVC_F_SCHED3;
    else
      return -1;
  }
  return 0;
}

// The service options every line may carry; 1 when tok was one of them.
static int parse_vs_option(const char *tok, char *arg, struct vs_key *vs, int *have_vs) {
  uint16_t proto = 0;
  if (!strcmp(tok, "-t") || !strcmp(tok, "--tcp-service")) proto = IPPROTO_TCP;
  if (!strcmp(tok, "-u") || !strcmp(tok, "--udp-service")) proto = IPPROTO_UDP;
  if (!strcmp(tok, "--sctp-service")) proto = IPPROTO_SCTP;
  if (proto != 0) {
    vs->protocol = proto;
    *have_vs = arg != NULL && parse_addr(arg, vs->addr, &vs->af, &vs->port) == 0 ? 1 : -1;
    return 1;
  }
  if (!strcmp(tok, "-f") || !strcmp(tok, "--fwmark-service")) {
    if (vs->af == 0) vs->af = AF_INET;
    *have_vs = parse_u32(arg, &vs->fwmark) == 0 ? 1 : -1;
    return 1;
  }
  return 0;
}

static int parse_service_line(char **tok, int n, struct op *op) {
  int have_vs = 0;
  int persistent = 0;
  int have_mask = 0;
  strcpy(op->u.svc.sched, "wlc");  // ipvsadm's defaults
  op->u.svc.timeout = 300;
  for (int i = 1; i < n; ++i) {
    char *arg = i + 1 < n ? tok[i + 1] : NULL;
    int used = parse_vs_option(tok[i], arg, &op->vs, &have_vs);
    if (used) {
      i += 1;
    } else if (!strcmp(tok[i], "-6")) {
      op->vs.af = AF_INET6;
    } else if ((!strcmp(tok[i], "-s") || !strcmp(tok[i], "--scheduler")) && arg != NULL &&
               strlen(arg) < IP_VS_SCHEDNAME_MAXLEN) {
      strcpy(op->u.svc.sched, arg);
      i += 1;
    } else if (!strcmp(tok[i], "-p") || !strcmp(tok[i], "--persistent")) {
      persistent = 1;
      if (arg != NULL && arg[0] != '-' && parse_u32(arg, &op->u.svc.timeout) == 0) i += 1;
    } else if ((!strcmp(tok[i], "-M") || !strcmp(tok[i], "--netmask")) && arg != NULL) {
      uint32_t prefix = 0;
      if (inet_pton(AF_INET, arg, &op->u.svc.netmask) != 1 && parse_u32(arg, &prefix) != 0)
        return bad_line(op->line, "bad netmask", arg);
      if (prefix != 0) op->u.svc.netmask = prefix;
      have_mask = 1;
      i += 1;
    } else if (!strcmp(tok[i], "-o") || !strcmp(tok[i], "--ops")) {
      op->u.svc.flags |= IP_VS_SVC_F_ONEPACKET;
    } else if ((!strcmp(tok[i], "-b") || !strcmp(tok[i], "--sched-flags")) && arg != NULL) {
      if (parse_sched_flags(arg, &op->u.svc.flags) != 0)
        return bad_line(op->line, "bad scheduler flags", arg);
      i += 1;
    } else {
      return bad_line(op->line, "unsupported service option", tok[i]);
    }
    if (have_vs < 0) return bad_line(op->line, "bad service address", arg);
  }
  if (have_vs == 0) return bad_line(op->line, "no service (-t, -u, --sctp-service or -f)", NULL);
  if (persistent) op->u.svc.flags |= IP_VS_SVC_F_PERSISTENT;
  if (!have_mask) op->u.svc.netmask = op->vs.af == AF_INET6 ? 128 : 0xffffffffu;
  return 0;
}

static int parse_dest_line(char **tok, int n, struct op *op) {
  int have_vs = 0;
  int have_rs = 0;
  op->is_dest = 1;
  op->u.dest.fwd = IP_VS_CONN_F_DROUTE;  // ipvsadm's defaults
  op->u.dest.weight = 1;
  for (int i = 1; i < n; ++i) {
    char *arg = i + 1 < n ? tok[i + 1] : NULL;
    uint32_t *num = NULL;
    if (parse_vs_option(tok[i], arg, &op->vs, &have_vs)) {
      if (have_vs < 0) return bad_line(op->line, "bad service address", arg);
      i += 1;
      continue;
    }
    if (!strcmp(tok[i], "-6")) {
      op->vs.af = AF_INET6;
    } else if ((!strcmp(tok[i], "-r") || !strcmp(tok[i], "--real-server")) && arg != NULL) {
      if (parse_addr(arg, op->u.dest.addr, &op->u.dest.af, &op->u.dest.port) != 0)
        return bad_line(op->line, "bad real server", arg);
      have_rs = 1;
      i += 1;
    } else if (!strcmp(tok[i], "-m") || !strcmp(tok[i], "--masquerading")) {
      op->u.dest.fwd = IP_VS_CONN_F_MASQ;
    } else if (!strcmp(tok[i], "-g") || !strcmp(tok[i], "--gatewaying")) {
      op->u.dest.fwd = IP_VS_CONN_F_DROUTE;
    } else if (!strcmp(tok[i], "-i") || !strcmp(tok[i], "--ipip")) {
      op->u.dest.fwd = IP_VS_CONN_F_TUNNEL;
    } else if (!strcmp(tok[i], "--tun-type") && arg != NULL && !strcmp(arg, "ipip")) {
      i += 1;  // ipip is the kernel's default tunnel type
    } else if (!strcmp(tok[i], "-w") || !strcmp(tok[i], "--weight")) {
      num = &op->u.dest.weight;
    } else if (!strcmp(tok[i], "-x") || !strcmp(tok[i], "--u-threshold")) {
      num = &op->u.dest.u_thresh;
    } else if (!strcmp(tok[i], "-y") || !strcmp(tok[i], "--l-threshold")) {
      num = &op->u.dest.l_thresh;
    } else {
      return bad_line(op->line, "unsupported destination option", tok[i]);
    }
    if (num != NULL) {
      if (parse_u32(arg, num) != 0) return bad_line(op->line, "bad number", arg);
      i += 1;
    }
  }
  if (have_vs == 0 || !have_rs) return bad_line(op->line, "a destination needs -t|-u|-f and -r", NULL);
  if (op->u.dest.port == 0) op->u.dest.port = op->vs.port;
  return 0;
}

static struct op *push(struct ops *ops) {
  if (ops->n == ops->cap) {
    size_t cap = ops->cap ? ops->cap * 2 : 4096;
    struct op *v = realloc(ops->v, cap * sizeof *v);
    if (v == NULL) return NULL;
    ops->v = v;
    ops->cap = cap;
  }
  struct op *op = &ops->v[ops->n++];
  memset(op, 0, sizeof *op);
  return op;
}

// One line into ops: 0 done (or nothing to do), -1 error (reported).
static int parse_line(char *text, uint32_t line, struct ops *ops) {
  char *tok[64];
  int n = 0;
  for (char *t = strtok(text, " \t\r\n"); t != NULL && n < 64; t = strtok(NULL, " \t\r\n"))
    tok[n++] = t;
  if (n == 0 || tok[0][0] == '#') return 0;
  int svc = !strcmp(tok[0], "-A") || !strcmp(tok[0], "--add-service");
  int dest = !strcmp(tok[0], "-a") || !strcmp(tok[0], "--add-server");
  if (!svc && !dest) return bad_line(line, "only -A and -a lines are supported", tok[0]);
  struct op *op = push(ops);
  if (op == NULL) return bad_line(line, "out of memory", NULL);
  op->line = line;
  // strtok is done with the line: the option parsers may use it on arguments.
  return svc ? parse_service_line(tok, n, op) : parse_dest_line(tok, n, op);
}

static int parse_file(const char *path, struct ops *ops) {
  FILE *in = strcmp(path, "-") ? fopen(path, "r") : stdin;
  if (in == NULL) {
    fprintf(stderr, "%s: %s\n", path, strerror(errno));
    return -1;
  }
  char *text = NULL;
  size_t cap = 0;
  uint32_t line = 0;
  int rc = 0;
  while (rc == 0 && getline(&text, &cap, in) >= 0) rc = parse_line(text, ++line, ops);
  free(text);
  if (in != stdin) fclose(in);
  return rc;
}

// --- netlink messages ------------------------------------------------------

static size_t put_attr(uint8_t *msg, size_t off, uint16_t type, const void *data, size_t len) {
  struct nlattr a = {.nla_len = (uint16_t)(NLA_HDRLEN + len), .nla_type = type};
  memcpy(msg + off, &a, sizeof a);
  memcpy(msg + off + NLA_HDRLEN, data, len);
  memset(msg + off + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
  return off + NLA_HDRLEN + NLA_ALIGN(len);
}

static size_t put_u16(uint8_t *msg, size_t off, uint16_t type, uint16_t v) {
  return put_attr(msg, off, type, &v, sizeof v);
}

static size_t put_u32(uint8_t *msg, size_t off, uint16_t type, uint32_t v) {
  return put_attr(msg, off, type, &v, sizeof v);
}

// A nested attribute: its header is written by end_nest once the length is known.
static size_t end_nest(uint8_t *msg, size_t start, size_t end, uint16_t type) {
  struct nlattr a = {.nla_len = (uint16_t)(end - start), .nla_type = type};
  memcpy(msg + start, &a, sizeof a);
  return end;
}

static size_t put_vs_key(uint8_t *msg, size_t off, const struct vs_key *vs) {
  off = put_u16(msg, off, IPVS_SVC_ATTR_AF, vs->af);
  if (vs->fwmark != 0) return put_u32(msg, off, IPVS_SVC_ATTR_FWMARK, vs->fwmark);
  off = put_u16(msg, off, IPVS_SVC_ATTR_PROTOCOL, vs->protocol);
  off = put_attr(msg, off, IPVS_SVC_ATTR_ADDR, vs->addr, sizeof vs->addr);
  return put_attr(msg, off, IPVS_SVC_ATTR_PORT, &vs->port, sizeof vs->port);
}

static size_t put_service(uint8_t *msg, size_t off, const struct op *op) {
  struct ip_vs_flags flags = {.flags = op->u.svc.flags, .mask = ~0u};
  size_t nest = off;
  off = put_vs_key(msg, off + NLA_HDRLEN, &op->vs);
  off = put_attr(msg, off, IPVS_SVC_ATTR_SCHED_NAME, op->u.svc.sched, strlen(op->u.svc.sched) + 1);
  off = put_attr(msg, off, IPVS_SVC_ATTR_FLAGS, &flags, sizeof flags);
  off = put_u32(msg, off, IPVS_SVC_ATTR_TIMEOUT, op->u.svc.timeout);
  off = put_u32(msg, off, IPVS_SVC_ATTR_NETMASK, op->u.svc.netmask);
  return end_nest(msg, nest, off, IPVS_CMD_ATTR_SERVICE);
}

static size_t put_dest(uint8_t *msg, size_t off, const struct op *op) {
  size_t nest = off;
  off = end_nest(msg, nest, put_vs_key(msg, off + NLA_HDRLEN, &op->vs), IPVS_CMD_ATTR_SERVICE);
  nest = off;
  off += NLA_HDRLEN;
  off = put_attr(msg, off, IPVS_DEST_ATTR_ADDR, op->u.dest.addr, sizeof op->u.dest.addr);
  off = put_attr(msg, off, IPVS_DEST_ATTR_PORT, &op->u.dest.port, sizeof op->u.dest.port);
  off = put_u32(msg, off, IPVS_DEST_ATTR_FWD_METHOD, op->u.dest.fwd);
  off = put_u32(msg, off, IPVS_DEST_ATTR_WEIGHT, op->u.dest.weight);
  off = put_u32(msg, off, IPVS_DEST_ATTR_U_THRESH, op->u.dest.u_thresh);
  off = put_u32(msg, off, IPVS_DEST_ATTR_L_THRESH, op->u.dest.l_thresh);
  off = put_u16(msg, off, IPVS_DEST_ATTR_ADDR_FAMILY, op->u.dest.af);
  return end_nest(msg, nest, off, IPVS_CMD_ATTR_DEST);
}

// One request at msg; returns its length (aligned).
static size_t build(uint8_t *msg, uint16_t family, uint8_t cmd, uint32_t seq, const struct op *op) {
  struct genlmsghdr g = {.cmd = cmd, .version = IPVS_GENL_VERSION};
  size_t off = NLMSG_HDRLEN;
  memcpy(msg + off, &g, sizeof g);
  off += GENL_HDRLEN;
  if (op != NULL) off = op->is_dest ? put_dest(msg, off, op) : put_service(msg, off, op);
  struct nlmsghdr h = {.nlmsg_len = (uint32_t)off,
                       .nlmsg_type = family,
                       .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
                       .nlmsg_seq = seq};
  memcpy(msg, &h, sizeof h);
  return NLMSG_ALIGN(off);
}

// --- the socket ------------------------------------------------------------

static int open_socket(size_t window) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
  if (fd < 0) return -1;
  // Every acknowledgement of a window waits in the queue until it is read: a
  // queue too small for them drops some (ENOBUFS) and the count never closes.
  int bytes = (int)(window * 4096 + (1 << 20));
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) != 0)
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
  bytes = (int)(window * kMaxMsg + (1 << 20));
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &bytes, sizeof bytes) != 0)
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
  int one = 1;  // errors without the request echoed back
  (void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
  struct sockaddr_nl local = {.nl_family = AF_NETLINK};
  if (bind(fd, (struct sockaddr *)&local, sizeof local) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static int send_all(int fd, uint8_t *buf, size_t len) {
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  struct iovec iov = {.iov_base = buf, .iov_len = len};
  struct msghdr m = {.msg_name = &kernel, .msg_namelen = sizeof kernel, .msg_iov = &iov, .msg_iovlen = 1};
  return sendmsg(fd, &m, 0) == (ssize_t)len ? 0 : -1;
}

// The IPVS family's id, asked of the controller: -1 with errno set.
static int resolve_family(int fd) {
  uint8_t msg[kMaxMsg];
  struct genlmsghdr g = {.cmd = CTRL_CMD_GETFAMILY, .version = 1};
  size_t off = NLMSG_HDRLEN;
  memcpy(msg + off, &g, sizeof g);
  off = put_attr(msg, off + GENL_HDRLEN, CTRL_ATTR_FAMILY_NAME, IPVS_GENL_NAME, sizeof IPVS_GENL_NAME);
  struct nlmsghdr h = {.nlmsg_len = (uint32_t)off, .nlmsg_type = GENL_ID_CTRL, .nlmsg_flags = NLM_F_REQUEST, .nlmsg_seq = 1};
  memcpy(msg, &h, sizeof h);
  if (send_all(fd, msg, off) != 0) return -1;
  static uint8_t reply[8192];
  ssize_t len = recv(fd, reply, sizeof reply, 0);
  if (len < (ssize_t)(NLMSG_HDRLEN + GENL_HDRLEN)) return -1;
  struct nlmsghdr *r = (struct nlmsghdr *)reply;
  if (r->nlmsg_type == NLMSG_ERROR) {
    errno = -((struct nlmsgerr *)NLMSG_DATA(r))->error;
    return -1;
  }
  size_t end = r->nlmsg_len < (size_t)len ? r->nlmsg_len : (size_t)len;
  for (size_t a = NLMSG_HDRLEN + GENL_HDRLEN; a + NLA_HDRLEN <= end;) {
    struct nlattr attr;
    memcpy(&attr, reply + a, sizeof attr);
    if (attr.nla_len < NLA_HDRLEN) break;
    if ((attr.nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID) {
      uint16_t id;
      memcpy(&id, reply + a + NLA_HDRLEN, sizeof id);
      return id;
    }
    a += NLA_ALIGN(attr.nla_len);
  }
  errno = ENOENT;
  return -1;
}

// --- writing ---------------------------------------------------------------

struct writer {
  int fd;
  uint16_t family;
  size_t window;
  uint8_t *out;          // window requests
  uint8_t (*acks)[kAckBuf];
  struct mmsghdr *hdrs;
  struct iovec *iovs;
  size_t failed;
};

static void report_error(struct writer *w, const struct op *op, int error) {
  if (++w->failed <= kMaxErrorsShown)
    fprintf(stderr, "line %u: %s\n", op->line, strerror(error));
}

// Reads the acknowledgements of ops[first, first + count) (seq = index + 1).
static int read_acks(struct writer *w, const struct op *ops, size_t first, size_t count) {
  size_t seen = 0;
  while (seen < count) {
    for (size_t i = 0; i < count - seen; ++i) {
      w->iovs[i] = (struct iovec){.iov_base = w->acks[i], .iov_len = kAckBuf};
      w->hdrs[i] = (struct mmsghdr){.msg_hdr = {.msg_iov = &w->iovs[i], .msg_iovlen = 1}};
    }
    int got = recvmmsg(w->fd, w->hdrs, (unsigned)(count - seen), MSG_WAITFORONE, NULL);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return -1;
    for (int i = 0; i < got; ++i) {
      struct nlmsghdr *h = (struct nlmsghdr *)w->acks[i];
      if (w->hdrs[i].msg_len < NLMSG_HDRLEN + sizeof(int) || h->nlmsg_type != NLMSG_ERROR) continue;
      size_t index = h->nlmsg_seq - 1;
      if (index < first || index >= first + count) continue;
      int error = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
      if (error != 0) report_error(w, &ops[index], -error);
      ++seen;
    }
  }
  return 0;
}

static int write_all(struct writer *w, const struct ops *ops) {
  for (size_t first = 0; first < ops->n; first += w->window) {
    size_t count = ops->n - first < w->window ? ops->n - first : w->window;
    size_t len = 0;
    for (size_t i = first; i < first + count; ++i) {
      const struct op *op = &ops->v[i];
      uint8_t cmd = op->is_dest ? IPVS_CMD_NEW_DEST : IPVS_CMD_NEW_SERVICE;
      len += build(w->out + len, w->family, cmd, (uint32_t)(i + 1), op);
    }
    if (send_all(w->fd, w->out, len) != 0 || read_acks(w, ops->v, first, count) != 0) return -1;
  }
  return 0;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int run(const struct ops *ops, size_t window) {
  struct writer w = {.window = window};
  w.fd = open_socket(window);
  int family = w.fd < 0 ? -1 : resolve_family(w.fd);
  if (family < 0) {
    fprintf(stderr, "IPVS generic-netlink family: %s (modprobe ip_vs?)\n", strerror(errno));
    if (w.fd >= 0) close(w.fd);
    return 1;
  }
  w.family = (uint16_t)family;
  w.out = malloc(window * kMaxMsg);
  w.acks = malloc(window * sizeof *w.acks);
  w.hdrs = malloc(window * sizeof *w.hdrs);
  w.iovs = malloc(window * sizeof *w.iovs);
  int rc = 1;
  if (w.out && w.acks && w.hdrs && w.iovs) {
    double start = now_ms();
    if (write_all(&w, ops) != 0) {
      fprintf(stderr, "netlink: %s\n", strerror(errno));
    } else {
      double ms = now_ms() - start;
      printf("ops=%zu failed=%zu ms=%.1f us_per_op=%.1f window=%zu\n", ops->n, w.failed, ms,
             ops->n ? ms * 1e3 / (double)ops->n : 0.0, window);
      rc = w.failed == 0 ? 0 : 1;
    }
  }
  free(w.out);
  free(w.acks);
  free(w.hdrs);
  free(w.iovs);
  close(w.fd);
  return rc;
}

int main(int argc, char **argv) {
  size_t window = 256;
  const char *path = NULL;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--window") && i + 1 < argc) {
      char *end = NULL;
      window = strtoul(argv[++i], &end, 10);
      if (*end != '\0' || window == 0 || window > 65536) return usage();
    } else if (path == NULL && (argv[i][0] != '-' || !strcmp(argv[i], "-"))) {
      path = argv[i];
    } else {
      return usage();
    }
  }
  if (path == NULL) return usage();
  struct ops ops = {0};
  int rc = parse_file(path, &ops) == 0 ? run(&ops, window) : 2;
  free(ops.v);
  return rc;
}
