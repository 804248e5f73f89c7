/// The database engine behind an inspector; its raw value is the JSON `engine` field.
public enum Engine: String, Codable, Sendable {
    case sqlite
    case postgresql
}
