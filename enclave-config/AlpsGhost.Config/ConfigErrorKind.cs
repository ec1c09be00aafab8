namespace AlpsGhost.Config;

/// <summary>What is wrong at a <see cref="ConfigError"/>'s location; decides how the error reads.</summary>
public enum ConfigErrorKind
{
    /// <summary>A value has the wrong type, is out of range, or is not an accepted value.</summary>
    InvalidValue,

    /// <summary>A required property is absent.</summary>
    Missing,

    /// <summary>A property name the format does not define (usually a typo).</summary>
    UnknownProperty,

    /// <summary>The same property appears twice in one object.</summary>
    DuplicateProperty,

    /// <summary>The text is not well-formed JSON.</summary>
    MalformedJson,
}
