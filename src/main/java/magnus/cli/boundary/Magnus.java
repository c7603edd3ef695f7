package magnus.cli.boundary;

public class Magnus {
  public static void main(String[] args) {}
}
