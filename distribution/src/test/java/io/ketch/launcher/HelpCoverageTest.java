package io.ketch.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The flag table against the real etcd's help, when /usr/bin/etcd is installed. */
class HelpCoverageTest {

    private static final Path ETCD = Path.of("/usr/bin/etcd");
    private static final Pattern FLAG_LINE = Pattern.compile("^  --([a-z0-9-]+) (.*)$");

    private static String etcdHelpStdout() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ETCD.toString(), "--help").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Test
    void everyFlagOfEtcdHelpIsInTheTableWithItsDefault() throws Exception {
        assumeTrue(Files.isExecutable(ETCD), "etcd is not installed");
        List<String> seen = new ArrayList<>();
        for (String line : etcdHelpStdout().split("\n")) {
            Matcher m = FLAG_LINE.matcher(line);
            if (m.matches()) {
                FlagSpec spec = EtcdFlags.get(m.group(1));
                assertNotNull(spec, "missing flag --" + m.group(1));
                assertEquals(m.group(2), spec.helpDefault(), "help default of --" + m.group(1));
                seen.add(m.group(1));
            }
        }
        assertEquals(80, seen.size(), "etcd 3.4.23 lists 80 flags");
    }

    @Test
    void renderedHelpIsEtcdsFollowedByKetchsOwn() throws Exception {
        assumeTrue(Files.isExecutable(ETCD), "etcd is not installed");
        String etcd = etcdHelpStdout();
        String ours = HelpText.flags() + "\n";
        assertEquals(etcd.stripTrailing(), ours.substring(0, etcd.stripTrailing().length()));
    }

    @Test
    void everyListedFlagHasATypedDefault() {
        for (FlagSpec spec : EtcdFlags.all()) {
            if (spec.type() != FlagType.IGNORED) {
                Settings.defaultOf(spec);
            }
        }
    }

    @Test
    void envNameIsUpperCaseWithUnderscores() {
        assertEquals("ETCD_INITIAL_CLUSTER_TOKEN", EtcdFlags.get("initial-cluster-token").envName());
    }

    @Test
    void propertyNameIsCamelCase() {
        assertEquals("listenClientUrls", EtcdFlags.get("listen-client-urls").propertyName());
    }
}
