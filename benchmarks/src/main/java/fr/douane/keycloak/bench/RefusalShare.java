package fr.douane.keycloak.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The share of generated real-looking passwords ({@link RealLookingPasswords}, all meeting the length and class
 * rules) that each configuration refuses, overall and per kind of password. Refusals of the {@code madeUp} and
 * {@code random} kinds are passwords that happen to be, or to decorate, a listed word.
 */
final class RefusalShare {

    private final int total;
    private final Map<RealLookingPasswords.Kind, Integer> perKind;
    private final List<Result> results = new ArrayList<>();

    private record Result(String name, int refused, Map<RealLookingPasswords.Kind, Integer> perKind) {
    }

    private RefusalShare(int total, Map<RealLookingPasswords.Kind, Integer> perKind) {
        this.total = total;
        this.perKind = perKind;
    }

    static RefusalShare measure(int n, long seed, PolicyFixture stock, PolicyFixture douane, PolicyFixture douaneFrench) {
        List<RealLookingPasswords.Password> passwords = new RealLookingPasswords(seed).generate(n);
        Map<RealLookingPasswords.Kind, Integer> perKind = new EnumMap<>(RealLookingPasswords.Kind.class);
        for (RealLookingPasswords.Password p : passwords) {
            perKind.merge(p.kind(), 1, Integer::sum);
        }
        RefusalShare share = new RefusalShare(passwords.size(), perKind);
        share.count("stock chain (exact list, Bloom filter)", stock, passwords);
        share.count("douane-passay (common list + variants)", douane, passwords);
        share.count("douane-passay(blocklistFrench=on)", douaneFrench, passwords);
        System.out.printf(Locale.ROOT, "  %d passwords (%s), e.g. %s%n", passwords.size(), perKind,
                passwords.subList(0, 8).stream().map(RealLookingPasswords.Password::text).toList());
        for (Result r : share.results) {
            System.out.printf(Locale.ROOT, "  %-42s refuses %5.1f %% %s%n", r.name(), 100.0 * r.refused() / share.total,
                    share.perKindText(r));
        }
        return share;
    }

    private void count(String name, PolicyFixture policy, List<RealLookingPasswords.Password> passwords) {
        int refused = 0;
        Map<RealLookingPasswords.Kind, Integer> byKind = new EnumMap<>(RealLookingPasswords.Kind.class);
        for (RealLookingPasswords.Password p : passwords) {
            if (policy.manager.validate(policy.realm, policy.user, p.text()) != null) {
                refused++;
                byKind.merge(p.kind(), 1, Integer::sum);
            }
        }
        results.add(new Result(name, refused, byKind));
    }

    private String perKindText(Result r) {
        StringBuilder sb = new StringBuilder("(");
        for (RealLookingPasswords.Kind kind : RealLookingPasswords.Kind.values()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            int of = perKind.getOrDefault(kind, 0);
            sb.append(kind.name().toLowerCase(Locale.ROOT)).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f %%", of == 0 ? 0 : 100.0 * r.perKind().getOrDefault(kind, 0) / of));
        }
        return sb.append(')').toString();
    }

    /** One table row per configuration: the share refused, and per kind in the metric's name. */
    List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        for (Result r : results) {
            rows.add(new String[] {"share of " + total + " real-looking passwords refused: " + r.name() + " " + perKindText(r),
                String.format(Locale.ROOT, "%.1f", 100.0 * r.refused() / total), "", "%", "", "", ""});
        }
        return rows;
    }
}
