package fr.douane.keycloak.it.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;

/**
 * The local run command ({@code ./mvnw -Prun verify}): Keycloak 26.7.3 with the pack on
 * http://localhost:8080, the douane realm, the demo Portailpro accounts in a real PostgreSQL, and
 * a mailbox a person can read (a web inbox on http://localhost:8025, and every reset link printed
 * here). Ctrl-C stops it all.
 */
public final class LocalRun {

    private static final int KEYCLOAK_PORT = Integer.getInteger("douane.run.port", 8080);
    private static final int INBOX_PORT = Integer.getInteger("douane.run.inbox-port", 8025);
    private static final int PORTAL_PORT = Integer.getInteger("douane.run.portal-port", 8081);

    private LocalRun() {
    }

    public static void main(String[] args) throws Exception {
        for (int port : new int[] {KEYCLOAK_PORT, INBOX_PORT, PORTAL_PORT}) {
            if (!Ports.isFree(port)) {
                System.err.println("Port " + port + " is in use: stop what uses it, or set -Ddouane.run.port / -Ddouane.run.inbox-port"
                        + " / -Ddouane.run.portal-port.");
                System.exit(2);
            }
        }
        System.out.println("Starting PostgreSQL (Portailpro demo directory), SMTP and Keycloak " + Paths.keycloakVersion() + " ...");
        DouaneEnvironment env = DouaneEnvironment.start(KEYCLOAK_PORT, Ports.free(), Ports.free());
        HttpServer inbox = startInbox(env.mail());
        // The demo client lands on the demo portal's page, not on Keycloak's account console.
        DemoPortal portal = DemoPortal.start(PORTAL_PORT, env.keycloak().realmUrl());
        portal.registerWith(env.admin());
        ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor();
        printer.scheduleWithFixedDelay(new LinkPrinter(env.mail()), 1, 1, TimeUnit.SECONDS);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping ...");
            printer.shutdownNow();
            inbox.stop(0);
            try {
                portal.close();
                env.close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
            stopped.countDown();
        }));

        String base = env.keycloak().baseUrl();
        System.out.println();
        System.out.println("================ douane Keycloak pack is running ================");
        System.out.println(" Start here (demo portal):  " + portal.url() + "  -> login page -> \"Mon espace personnel\"");
        System.out.println(" Account console:           " + base + "/realms/douane/account/");
        System.out.println(" Admin console:             " + base + "/admin/  (admin / admin)");
        System.out.println(" Web inbox (all mails):     http://localhost:" + INBOX_PORT + "/");
        System.out.println(" Demo Portailpro accounts (no douane password yet): marie.dupont@exemple.fr, jean.martin@exemple.fr");
        System.out.println("   -> MOT DE PASSE OUBLIÉ ? -> Courriel -> the link appears below and in the inbox");
        if (env.keycloak() instanceof KeycloakServer server) {
            System.out.println(" Metrics (Prometheus):      " + server.managementUrl() + "/metrics");
        }
        System.out.println(" Keycloak log: " + env.keycloak().log());
        System.out.println(" Ctrl-C stops everything.");
        System.out.println("==================================================================");
        stopped.await();
    }

    private static HttpServer startInbox(MailServer mail) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", INBOX_PORT), 0);
        server.createContext("/", exchange -> {
            StringBuilder html = new StringBuilder("<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\">"
                    + "<title>Boîte de réception locale</title><body style=\"font-family:sans-serif;max-width:60rem;margin:2rem auto\">"
                    + "<h1>Boîte de réception locale (SMTP de démonstration)</h1><p><a href=\"/\">Actualiser</a></p>");
            List<MimeMessage> messages = Arrays.asList(mail.greenMail().getReceivedMessages());
            if (messages.isEmpty()) {
                html.append("<p>Aucun message.</p>");
            }
            for (MimeMessage m : messages.stream().sorted(Comparator.comparing(LocalRun::sent).reversed()).toList()) {
                html.append("<article style=\"border:1px solid #ccc;padding:1rem;margin:1rem 0\"><h2>")
                        .append(escape(subject(m))).append("</h2><p>À : ").append(escape(recipients(m)))
                        .append("</p>");
                MailServer.resetLink(m).ifPresent(link -> html.append("<p><a href=\"").append(escape(link))
                        .append("\">Ouvrir le lien de réinitialisation</a></p>"));
                html.append("<pre style=\"white-space:pre-wrap\">").append(escape(MailServer.body(m))).append("</pre></article>");
            }
            byte[] body = html.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    /** Prints each new mail's subject, recipient and reset link on the console. */
    private static final class LinkPrinter implements Runnable {
        private final MailServer mail;
        private int seen;

        LinkPrinter(MailServer mail) {
            this.mail = mail;
        }

        @Override
        public void run() {
            MimeMessage[] messages = mail.greenMail().getReceivedMessages();
            for (int i = seen; i < messages.length; i++) {
                MimeMessage m = messages[i];
                System.out.println("[mail] to " + recipients(m) + ": " + subject(m));
                MailServer.resetLink(m).ifPresent(link -> System.out.println("[mail] reset link: " + link));
            }
            seen = messages.length;
        }
    }

    private static java.util.Date sent(MimeMessage m) {
        try {
            return m.getSentDate() == null ? new java.util.Date(0) : m.getSentDate();
        } catch (Exception e) {
            return new java.util.Date(0);
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return String.valueOf(m.getSubject());
        } catch (Exception e) {
            return "?";
        }
    }

    private static String recipients(MimeMessage m) {
        try {
            return Arrays.toString(m.getAllRecipients());
        } catch (Exception e) {
            return "?";
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
