package fr.douane.keycloak.resetflow;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * The key under which a client address is counted by the per-address limit. An IPv4 address is
 * counted as itself. An IPv6 client usually holds a whole /64 (SLAAC, privacy addresses, one
 * prefix per household or server), so counting single IPv6 addresses would give it 2^64 fresh
 * budgets: it is counted per /64.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String limitKey(String remoteAddr) {
        if (remoteAddr == null || remoteAddr.isBlank()) {
            return "unknown";
        }
        String literal = remoteAddr.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        // Only literals are parsed: a host name must never cause a DNS lookup here.
        if (!isLiteral(literal)) {
            return literal;
        }
        try {
            InetAddress address = InetAddress.getByName(literal);
            if (address instanceof Inet6Address) {
                byte[] prefix = new byte[8];
                System.arraycopy(address.getAddress(), 0, prefix, 0, 8);
                return HexFormat.of().formatHex(prefix) + "/64";
            }
            // IPv4, including IPv4-mapped IPv6 (::ffff:a.b.c.d), which Java returns as IPv4.
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return literal;
        }
    }

    private static boolean isLiteral(String s) {
        if (s.indexOf(':') >= 0) {
            // IPv6, possibly with a zone id (fe80::1%eth0): hex digits, colons, dots, and the zone.
            int zone = s.indexOf('%');
            String addr = zone >= 0 ? s.substring(0, zone) : s;
            return !addr.isEmpty() && addr.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        return !s.isEmpty() && s.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
    }
}
