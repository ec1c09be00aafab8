namespace AlpsGhost.Ghost.Host;

/// <summary>An existing enclave found under the ghostfs root.</summary>
/// <param name="Id">The enclave id (directory <c>enclave_&lt;id&gt;</c>).</param>
/// <param name="Directory">Full path of the enclave directory.</param>
/// <param name="Status">Its parsed <c>status</c> file.</param>
public sealed record EnclaveInfo(ulong Id, string Directory, EnclaveStatus Status);
