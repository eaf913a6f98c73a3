// IntegrationEvents/ still names AccountService from its former namespace (Apis); it is being
// changed separately, so the application namespace is visible everywhere until then.
global using Sacoche.Identity.Application.Accounts;
