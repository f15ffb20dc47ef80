// ResolveGenlFamily (socket.h): the generic netlink controller's GETFAMILY.
#include <linux/genetlink.h>

#include <array>
#include <cerrno>
#include <string>

#include "pkg/netlink/socket.h"

namespace ki::netlink {

Result<uint16_t> ResolveGenlFamily(Socket& socket, std::string_view name) {
  uint16_t id = 0;
  Result<int> err = socket.Transact(
      [&](std::vector<uint8_t>& out, uint32_t seq) {
        std::vector<uint8_t> attrs;
        wire::AttrWriter(attrs).String(CTRL_ATTR_FAMILY_NAME, name);
        wire::AppendRequest(out, GENL_ID_CTRL, wire::kFlagRequest | wire::kFlagAck, seq,
                            CTRL_CMD_GETFAMILY, 1, attrs);
      },
      [&](const wire::Message& m) {
        std::array<std::span<const uint8_t>, CTRL_ATTR_FAMILY_NAME + 1> table;
        KI_RETURN_IF_ERROR(wire::ParseAttrs(m.genl_attrs(), table));
        id = wire::GetU16(table[CTRL_ATTR_FAMILY_ID]);
        return Status::Ok();
      });
  const std::string what = "netlink: resolve generic netlink family " + std::string(name);
  if (!err.ok()) return err.status().Wrap(what);
  if (*err == ENOENT) return Status::NotFound(what + ": the kernel has none");
  if (*err != 0) return Status::FromErrno(*err, what);
  if (id == 0) return Status::Internal(what + ": no family id in the reply");
  return id;
}

}  // namespace ki::netlink
