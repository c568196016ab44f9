package fr.douane.keycloak.upgrade;

import java.util.ArrayList;
import java.util.List;

/**
 * The realm attribute that says which version of the pack last set a realm's settings, and the
 * decision taken from it at startup. Versions compare as dotted numbers; a qualifier
 * ({@code -SNAPSHOT}, {@code -rc1}) sorts before the release it precedes.
 */
public final class PackVersionMarker {

    /** Realm attribute; the shipped realm export carries it, filled by the build. */
    public static final String ATTRIBUTE = "douanePackVersion";

    public enum Decision {
        /** Not a realm of the pack: no marker and none of the pack's flows. */
        NOT_PACK,
        /** The marker is this jar's version. */
        UP_TO_DATE,
        /** Older marker, or no readable marker on a realm that uses the pack's flows. */
        UPGRADE,
        /** The marker is newer than this jar: a downgrade, whose settings the older jar cannot know. */
        NEWER
    }

    private PackVersionMarker() {
    }

    /**
     * @param marker the realm's attribute, null when absent
     * @param jarVersion the version of the running pack
     * @param usesPackFlows whether the realm holds one of the pack's flows (the shape of the
     *        versions that had no marker)
     */
    public static Decision decide(String marker, String jarVersion, boolean usesPackFlows) {
        if (!isVersion(marker)) {
            // Absent, or a placeholder a raw copy of the export left unresolved.
            return usesPackFlows ? Decision.UPGRADE : Decision.NOT_PACK;
        }
        int c = compare(marker, jarVersion);
        return c == 0 ? Decision.UP_TO_DATE : c < 0 ? Decision.UPGRADE : Decision.NEWER;
    }

    /** True for a version such as 0.2.0 or 1.0.0-SNAPSHOT. */
    public static boolean isVersion(String value) {
        return value != null && value.matches("\\d+(\\.\\d+)*(-[0-9A-Za-z.]+)?");
    }

    /** Negative, zero or positive as {@code a} is older than, equal to or newer than {@code b}. */
    public static int compare(String a, String b) {
        String[] qa = a.split("-", 2);
        String[] qb = b.split("-", 2);
        List<Long> na = numbers(qa[0]);
        List<Long> nb = numbers(qb[0]);
        for (int i = 0; i < Math.max(na.size(), nb.size()); i++) {
            long x = i < na.size() ? na.get(i) : 0;
            long y = i < nb.size() ? nb.get(i) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        if (qa.length != qb.length) {
            return qa.length == 1 ? 1 : -1;
        }
        return qa.length == 1 ? 0 : qa[1].compareTo(qb[1]);
    }

    private static List<Long> numbers(String dotted) {
        List<Long> out = new ArrayList<>();
        for (String part : dotted.split("\\.")) {
            out.add(part.isEmpty() ? 0 : Long.parseLong(part));
        }
        return out;
    }
}
