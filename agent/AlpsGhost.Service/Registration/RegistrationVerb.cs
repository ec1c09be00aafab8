namespace AlpsGhost.Service.Registration;

/// <summary>The commands of the registration protocol.</summary>
public enum RegistrationVerb
{
    /// <summary>Liveness check; replies OK.</summary>
    Ping,

    /// <summary>Declare pid -> function.</summary>
    Register,

    /// <summary>Forget a pid.</summary>
    Unregister,
}
