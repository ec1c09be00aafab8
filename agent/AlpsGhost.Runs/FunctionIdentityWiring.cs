using AlpsGhost.Agent.Identity;
using AlpsGhost.Config;
using AlpsGhost.Service.Registration;

namespace AlpsGhost.Runs;

/// <summary>Function identity on a real host, the same for every backend: a registration (socket) first, then the
/// config's rules; both share one name -> id table.</summary>
public sealed class FunctionIdentityWiring
{
    /// <summary>The wiring for <paramref name="config"/>; <paramref name="initialNames"/> take the first ids in order.</summary>
    public FunctionIdentityWiring(EnclaveConfig config, IEnumerable<string>? initialNames = null)
    {
        Ids = new FunctionNameIds(initialNames);
        var rules = new RuleNameResolver(FunctionIdentityRules.FromConfig(config), Ids);
        Resolver = config.Identity.RegistrationSocket is null ? rules : new RegisteredFunctionResolver(rules, Registrations, Ids);
    }

    /// <summary>Function name -> id.</summary>
    public FunctionNameIds Ids { get; }

    /// <summary>The registration socket's table (empty when the socket is off).</summary>
    public RegistrationTable Registrations { get; } = new();

    /// <summary>Resolves a task's function.</summary>
    public IFunctionResolver Resolver { get; }
}
