using AlpsGhost.Ghost.Host;

namespace AlpsGhost.Ghost.Tests.Host;

/// <summary>Enclaves are discovered from enclave_* directories; the active one (or a given id) is picked.</summary>
public class EnclaveDiscoveryTests
{
    [Test]
    public void ListsEnclavesByIdIgnoringForeignDirectories()
    {
        using var tree = new TempTree();
        tree.File("version", "91\n");
        tree.File("enclave_10/status", "version 91\nactive no\nnr_tasks 0\n");
        tree.File("enclave_2/status", "version 91\nactive yes\nnr_tasks 5\n");
        tree.File("enclave_3/status", "version 84\nactive yes\nnr_tasks 1\n");
        tree.Dir("enclave_x");
        tree.Dir("enclave_");
        tree.Dir("enclave_7"); // being destroyed: no status any more

        IReadOnlyList<EnclaveInfo> all = EnclaveDiscovery.List(tree.Root);
        Assert.That(all.Select(e => e.Id), Is.EqualTo(new ulong[] { 2, 3, 10 }));
        Assert.That(EnclaveDiscovery.FindActive(tree.Root)!.Id, Is.EqualTo(2ul), "the lowest active id");
        Assert.That(EnclaveDiscovery.FindById(tree.Root, 10)!.Status, Is.EqualTo(new EnclaveStatus(91, false, 0)));
        Assert.That(EnclaveDiscovery.FindById(tree.Root, 4), Is.Null);
    }

    [Test]
    public void NoActiveEnclaveGivesNull()
    {
        using var tree = new TempTree();
        tree.File("enclave_1/status", "version 91\nactive no\nnr_tasks 0\n");
        Assert.That(EnclaveDiscovery.FindActive(tree.Root), Is.Null);
    }

    [Test]
    public void MalformedStatusNamesTheFile()
    {
        using var tree = new TempTree();
        string path = tree.File("enclave_1/status", "version 91\nactive perhaps\nnr_tasks 0\n");
        var e = Assert.Throws<GhostfsFormatException>(() => EnclaveDiscovery.List(tree.Root))!;
        Assert.That(e.FilePath, Is.EqualTo(path));
        Assert.That(e.Message, Does.Contain("active perhaps"));
    }
}
