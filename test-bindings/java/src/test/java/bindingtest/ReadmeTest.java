package bindingtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.cdk8s.App;
import org.cdk8s.AppProps;
import org.cdk8s.Chart;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every ```java block of the README runs as written: its imports, then its statements in a method that
 * sees the {@code app} and {@code chart} the README's snippets continue from (a block may declare its
 * own, which then hide them).
 */
class ReadmeTest {
  /** One block: the README line of its opening fence, its import lines, its statements. */
  record Block(int line, List<String> imports, List<String> body) {}

  static List<Block> blocks() throws Exception {
    List<String> lines = Files.readAllLines(Path.of(System.getProperty("readme")));
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("```java")) continue;
      int start = i + 1;
      List<String> imports = new ArrayList<>();
      List<String> body = new ArrayList<>();
      for (i++; i < lines.size() && !lines.get(i).equals("```"); i++) {
        (lines.get(i).startsWith("import ") ? imports : body).add(lines.get(i));
      }
      blocks.add(new Block(start, imports, body));
    }
    return blocks;
  }

  @Test
  void theReadmeHasJavaBlocks() throws Exception {
    assertTrue(blocks().size() >= 3, "README java blocks: " + blocks().size());
  }

  @TestFactory
  Stream<DynamicTest> everyReadmeBlockRuns() throws Exception {
    return blocks().stream().map((b) -> DynamicTest.dynamicTest("README.md:" + b.line(), () -> run(b)));
  }

  private static void run(Block block) throws Exception {
    String name = "ReadmeL" + block.line();
    String source = "package readme;\n" + String.join("\n", block.imports()) + "\n"
        + "public class " + name + " {\n"
        + "  static org.cdk8s.App app;\n  static org.cdk8s.Chart chart;\n"
        + "  public static void run(org.cdk8s.App a, org.cdk8s.Chart c) throws Exception {\n    app = a;\n    chart = c;\n"
        + String.join("\n", block.body()) + "\n  }\n}\n";
    Path dir = Files.createTempDirectory("readme-java-");
    Path file = dir.resolve("readme").resolve(name + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    boolean ok = javac.getTask(errors, null, null,
        List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString()),
        null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(file.toFile())).call();
    assertTrue(ok, "README.md:" + block.line() + " does not compile:\n" + errors);
    App app = new App(AppProps.builder().outdir(dir.resolve("dist").toString()).build());
    Chart chart = new Chart(app, "readme");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, ReadmeTest.class.getClassLoader())) {
      loader.loadClass("readme." + name).getMethod("run", App.class, Chart.class).invoke(null, app, chart);
    }
    // synthesizing runs the validations the block's constructs registered
    app.synth();
    deleteTree(dir.toFile());
  }

  private static void deleteTree(File f) {
    File[] children = f.listFiles();
    if (children != null) for (File c : children) deleteTree(c);
    f.delete();
  }
}
