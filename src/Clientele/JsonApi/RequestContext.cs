using Clientele.Auth;
using Clientele.Persistence;

namespace Clientele.JsonApi;

/// <summary>Everything a resource operation needs about the request it serves.</summary>
public sealed class RequestContext(HttpContext http, AppDb db, Caller caller, ResourceRegistry registry)
{
    public HttpContext Http { get; } = http;
    public AppDb Db { get; } = db;
    public Caller Caller { get; } = caller;
    public ResourceRegistry Registry { get; } = registry;
    public IServiceProvider Services => Http.RequestServices;
    public CancellationToken Aborted => Http.RequestAborted;
    public string BaseUrl { get; } = $"{http.Request.Scheme}://{http.Request.Host}";

    /// <summary>Errors collected while reading a request body; thrown together.</summary>
    public List<JsonApiError> Errors { get; } = [];

    /// <summary>Trigger attributes of the body (_place, _add_tags, …), run in order inside the write's transaction.</summary>
    public List<Func<Task>> Triggers { get; } = [];
}

/// <summary>All resource types by name and by entity type.</summary>
public sealed class ResourceRegistry
{
    private readonly Dictionary<string, ResourceType> _byName;
    private readonly Dictionary<Type, ResourceType> _byEntity;

    public ResourceRegistry(IEnumerable<ResourceType> types)
    {
        var all = types.ToList();
        _byName = all.ToDictionary(t => t.Name);
        _byEntity = all.ToDictionary(t => t.EntityType);
    }

    public IEnumerable<ResourceType> All => _byName.Values;
    public ResourceType? Find(string name) => _byName.GetValueOrDefault(name);
    public Resource<T> Get<T>() where T : Persistence.ResourceEntity, new() => (Resource<T>)_byEntity[typeof(T)];
}
