package fr.douane.keycloak.it.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.WebDriver;

/** axe-core on the page shown now: no violation of impact serious or critical. */
public final class Accessibility {

    private Accessibility() {
    }

    public static void assertNoSeriousViolation(WebDriver driver, String page) {
        List<Rule> blocking = new AxeBuilder().analyze(driver).getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .toList();
        assertThat(blocking).as(page + ": " + blocking.stream()
                .map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getHelp())
                .collect(Collectors.joining("; "))).isEmpty();
    }
}
