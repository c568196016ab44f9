package fr.douane.keycloak.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import fr.douane.keycloak.upgrade.PackVersionMarker.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PackVersionMarkerTest {

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({
            "0.1.0, 0.2.0, -1",
            "0.2.0, 0.2.0, 0",
            "0.10.0, 0.9.0, 1",
            "0.2, 0.2.0, 0",
            "0.3.0-SNAPSHOT, 0.3.0, -1",
            "0.3.0, 0.3.0-SNAPSHOT, 1",
            "0.3.0-rc1, 0.3.0-rc2, -1",
            "1.0.0, 0.99.99, 1"})
    void versionsCompareAsDottedNumbersAndAQualifierComesBeforeItsRelease(String a, String b, int sign) {
        assertThat(Integer.signum(PackVersionMarker.compare(a, b))).isEqualTo(sign);
    }

    @Test
    void anOlderMarkerIsUpgraded() {
        assertThat(PackVersionMarker.decide("0.2.0", "0.3.0", true)).isEqualTo(Decision.UPGRADE);
        assertThat(PackVersionMarker.decide("0.2.0", "0.3.0", false)).isEqualTo(Decision.UPGRADE);
    }

    @Test
    void theJarsOwnVersionIsLeftAlone() {
        assertThat(PackVersionMarker.decide("0.3.0", "0.3.0", true)).isEqualTo(Decision.UP_TO_DATE);
    }

    @Test
    void aNewerMarkerIsADowngradeAndIsNotApplied() {
        assertThat(PackVersionMarker.decide("0.4.0", "0.3.0", true)).isEqualTo(Decision.NEWER);
    }

    /** The versions before the marker: a realm is the pack's when it holds the pack's flows. */
    @Test
    void withoutAMarkerOnlyARealmWithThePacksFlowsIsUpgraded() {
        assertThat(PackVersionMarker.decide(null, "0.3.0", true)).isEqualTo(Decision.UPGRADE);
        assertThat(PackVersionMarker.decide(null, "0.3.0", false)).isEqualTo(Decision.NOT_PACK);
    }

    /** A raw copy of the export imported without the build's filtering keeps its placeholder. */
    @Test
    void anUnfilteredPlaceholderCountsAsNoMarker() {
        assertThat(PackVersionMarker.isVersion("${project.version}")).isFalse();
        assertThat(PackVersionMarker.decide("${project.version}", "0.3.0", true)).isEqualTo(Decision.UPGRADE);
        assertThat(PackVersionMarker.decide("${project.version}", "0.3.0", false)).isEqualTo(Decision.NOT_PACK);
    }
}
