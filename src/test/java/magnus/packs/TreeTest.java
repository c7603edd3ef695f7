package magnus.packs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeTest {

  static Tree.Node file(String name, List<String> chunks) {
    return new Tree.Node(
        name,
        Tree.Type.FILE,
        0644,
        "2020-09-13T12:26:40.123456789Z",
        10,
        null,
        null,
        7L,
        "2020-09-13T12:26:40Z",
        chunks,
        null,
        null);
  }

  static final String ID = "ab".repeat(32);

  @Test
  void aTreeRoundTripsAndTheSameEntriesMakeTheSameBytesInAnyOrder() {
    Tree.Node link =
        new Tree.Node(
            "cur",
            Tree.Type.SYMLINK,
            0777,
            "2020-01-01T00:00:00Z",
            5,
            0,
            0,
            null,
            null,
            null,
            null,
            "../b c");
    Tree.Node dir =
        new Tree.Node(
            "empty",
            Tree.Type.DIR,
            0755,
            "2020-01-01T00:00:00Z",
            0,
            null,
            null,
            null,
            null,
            null,
            ID,
            null);
    Tree one = new Tree(List.of(file("b", List.of(ID)), link, dir, file("a", List.of())));
    Tree two = new Tree(List.of(dir, file("a", List.of()), link, file("b", List.of(ID))));
    assertThat(one.bytes()).isEqualTo(two.bytes());
    assertThat(one.nodes()).extracting(Tree.Node::name).containsExactly("a", "b", "cur", "empty");
    assertThat(Tree.parse(one.bytes())).isEqualTo(one);
    // Null fields are left out, so a link says nothing of chunks.
    assertThat(new String(one.bytes(), StandardCharsets.UTF_8))
        .contains("{\"name\":\"cur\",\"type\":\"SYMLINK\",\"mode\":511,")
        .doesNotContain("null");
  }

  @Test
  void entriesThatCouldLeaveTheirDirectoryOrMeanNothingAreRefused() {
    for (String bad : new String[] {"..", ".", "a/b", "", "nul\0"}) {
      byte[] bytes = new Tree(List.of(file(bad, List.of()))).bytes();
      assertThatThrownBy(() -> Tree.parse(bytes)).hasMessageContaining("unusable name");
    }
    byte[] twice = new Tree(List.of(file("a", List.of()), file("a", List.of()))).bytes();
    assertThatThrownBy(() -> Tree.parse(twice)).hasMessageContaining("names a twice");
    // Entries stored out of order are read back in order.
    byte[] unsorted =
        ("{\"nodes\":[{\"name\":\"b\",\"type\":\"FILE\",\"mode\":0,\"size\":1,\"content\":[]},"
                + "{\"name\":\"a\",\"type\":\"FILE\",\"mode\":0,\"size\":1,\"content\":[]}]}")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(Tree.parse(unsorted).nodes()).extracting(Tree.Node::name).containsExactly("a", "b");
    assertThatThrownBy(() -> Tree.parse("{\"nodes\":[null]}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("entry is null");
    byte[] noContent = new Tree(List.of(file("a", null))).bytes();
    assertThatThrownBy(() -> Tree.parse(noContent)).hasMessageContaining("no content list");
    assertThatThrownBy(() -> Tree.parse("[1]".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not a tree");
    assertThatThrownBy(() -> Tree.parse("{}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("no nodes");
    byte[] mode =
        "{\"nodes\":[{\"name\":\"a\",\"type\":\"FILE\",\"mode\":65535,\"size\":1,\"content\":[]}]}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Tree.parse(mode)).hasMessageContaining("past 07777");
  }
}
