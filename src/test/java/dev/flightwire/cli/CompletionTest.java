package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bash completion script of {@code flightwire completion}, run by bash itself. */
class CompletionTest {
  @TempDir
  Path dir;

  /** What bash's completion function offers for the words typed so far (the last one being completed). */
  private String complete(String... words) throws Exception {
    Path script = dir.resolve("flightwire-completion.bash");
    Files.writeString(script, Specs.completionScript(), StandardCharsets.UTF_8);
    StringBuilder w = new StringBuilder();
    for (String word : words) {
      w.append(" '").append(word).append("'");
    }
    String probe = "source '" + script + "'\n"
        + "COMP_WORDS=(" + w + ")\nCOMP_CWORD=" + (words.length - 1) + "\nCOMP_LINE=\"${COMP_WORDS[*]}\"\n"
        + "COMP_POINT=${#COMP_LINE}\n_complete_flightwire flightwire \"${COMP_WORDS[COMP_CWORD]}\"\n"
        + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process p = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void completesCommandsAndEachCommandsOptions() throws Exception {
    String commands = complete("flightwire", "");
    for (Command c : Main.COMMANDS) {
      assertTrue(List.of(commands.split("\n")).contains(c.name()), c.name() + " not offered:\n" + commands);
    }
    String get = complete("flightwire", "get", "--out");
    assertTrue(get.contains("--output"), get);
    String serve = complete("flightwire", "serve", "--");
    assertTrue(serve.contains("--dir") && !serve.contains("--tls-roots"), serve);
  }
}
