namespace AlpsGhost.Ghost.Native;

/// <summary>Linux errno values (x86-64 / asm-generic) the ghOSt interfaces return.</summary>
public static class Errno
{
#pragma warning disable CS1591 // the names are the C macros; each is documented by its name
    public const int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, EBADF = 9,
        EAGAIN = 11, ENOMEM = 12, EACCES = 13, EBUSY = 16, EEXIST = 17, EXDEV = 18, ENODEV = 19,
        EINVAL = 22, ENOTTY = 25, ENOSPC = 28, ENAMETOOLONG = 36, ENODATA = 61, EPROTO = 71,
        EOVERFLOW = 75, ESTALE = 116;
#pragma warning restore CS1591

    /// <summary>The C macro name of <paramref name="errno"/> (e.g. <c>EBUSY</c>), or <c>errno N</c>.</summary>
    public static string Name(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        ESRCH => "ESRCH",
        EINTR => "EINTR",
        EIO => "EIO",
        ENXIO => "ENXIO",
        EBADF => "EBADF",
        EAGAIN => "EAGAIN",
        ENOMEM => "ENOMEM",
        EACCES => "EACCES",
        EBUSY => "EBUSY",
        EEXIST => "EEXIST",
        EXDEV => "EXDEV",
        ENODEV => "ENODEV",
        EINVAL => "EINVAL",
        ENOTTY => "ENOTTY",
        ENOSPC => "ENOSPC",
        ENAMETOOLONG => "ENAMETOOLONG",
        ENODATA => "ENODATA",
        EPROTO => "EPROTO",
        EOVERFLOW => "EOVERFLOW",
        ESTALE => "ESTALE",
        _ => $"errno {errno}",
    };
}
