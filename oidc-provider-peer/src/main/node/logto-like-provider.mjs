// The real oidc-provider (panva, the engine of Logto's server), configured like Logto, as an independent test
// peer for logto-reactive. See README.md next to this file for what it reproduces and where it differs.
//
// Usage: node logto-like-provider.mjs [--port <port>] [--config <file.json>]
//   or   LOGTO_PEER_PORT=<port> LOGTO_PEER_CONFIG=<file.json> node logto-like-provider.mjs
// Port 0 (the default) picks a free one. Prints "READY <port>" once listening; exits on SIGTERM/SIGINT.
// Binds 127.0.0.1 only; the only outbound requests are back-channel logout calls to configured URIs.
// Test controls (outside /oidc): POST /__peer/clock?advance=<seconds>, POST /__peer/reset,
// POST /__peer/auto-login?user=<id> (no user: show the sign-in page), POST /__peer/rotate-signing-key.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';

import Provider, { errors } from 'oidc-provider';
// Deep imports of the pinned oidc-provider 9.13.3 (the package has no "exports" map), used by the refresh_token
// grant below, which is upstream's handler plus Logto's organization token (as Logto's own grant is).
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import difference from 'oidc-provider/lib/helpers/_/difference.js';
import { boolean, resourceServer as validateResourceServer } from 'oidc-provider/lib/helpers/configuration_result.js';
import * as formatters from 'oidc-provider/lib/helpers/formatters.js';
import {
  checkAccountMismatch, createAccessToken, issueIdToken, validateAccount,
} from 'oidc-provider/lib/helpers/grant_common.js';
import * as grantHelpers from 'oidc-provider/lib/helpers/grants.js';
import LRU from 'oidc-provider/lib/helpers/lru.js';
import resolveResource from 'oidc-provider/lib/helpers/resolve_resource.js';
import revoke from 'oidc-provider/lib/helpers/revoke.js';
import presence from 'oidc-provider/lib/helpers/validate_presence.js';
import initializeKeystore from 'oidc-provider/lib/helpers/initialize_keystore.js';
import instance from 'oidc-provider/lib/helpers/weak_cache.js';
import { parameters as refreshTokenParameters } from 'oidc-provider/lib/actions/grants/refresh_token.js';

// ---------------------------------------------------------------------------------------------------------------
// Arguments and configuration

function argument(name) {
  const index = process.argv.indexOf(`--${name}`);
  return index !== -1 ? process.argv[index + 1] : undefined;
}

const requestedPort = Number(argument('port') ?? process.env.LOGTO_PEER_PORT ?? 0);
const configPath = argument('config') ?? process.env.LOGTO_PEER_CONFIG;
const config = configPath ? JSON.parse(fs.readFileSync(configPath, 'utf8')) : {};

const ORGANIZATION_RESOURCE = 'urn:logto:resource:organizations';
const ORGANIZATIONS_SCOPE = 'urn:logto:scope:organizations';
const ORGANIZATION_ROLES_SCOPE = 'urn:logto:scope:organization_roles';
const ORGANIZATION_URN_PREFIX = 'urn:logto:organization:';
const RESERVED_RESOURCE_TTL = 3600; // Logto's reversedResourceAccessTokenTtl (organization tokens)
const DAY = 24 * 60 * 60;

const ttl = {
  accessToken: config.ttl?.accessToken ?? 3600,
  idToken: config.ttl?.idToken ?? 3600,
  refreshToken: config.ttl?.refreshToken ?? 14 * DAY,
};
const rotation = config.rotateRefreshToken ?? 70; // 'always' | 'never' | percentage of the TTL
const reuseWindowMs = (config.refreshTokenReuseSeconds ?? 3) * 1000;
const signingKeyType = config.signingKey ?? 'EC_P384';
const idTokenExtendedClaims = new Set(config.idTokenExtendedClaims ?? ['roles', 'organizations', 'organization_roles']);
const webApps = config.webApps ?? [];
const m2mApps = config.m2mApps ?? [];
const users = new Map((config.users ?? []).map((user) => [user.id, user]));
const apiResources = new Map((config.apiResources ?? []).map((resource) => [resource.indicator, resource]));
const roles = new Map((config.roles ?? []).map((role) => [role.name, role]));
const organizationRoles = new Map((config.organizationRoles ?? []).map((role) => [role.name, role]));
const organizations = new Map((config.organizations ?? []).map((org) => [org.id, org]));
let autoLoginUserId = config.autoLogin ?? null;

for (const required of [['webApps', webApps]]) {
  if (required[1].length === 0) {
    throw new Error(`configuration needs at least one entry in ${required[0]}`);
  }
}
if (autoLoginUserId && !users.has(autoLoginUserId)) {
  throw new Error(`autoLogin user '${autoLoginUserId}' is not configured`);
}

// ---------------------------------------------------------------------------------------------------------------
// Test clock: every Date.now() of this process (oidc-provider's epochTime, the in-memory store's expiry, the
// refresh-token reuse window) is shifted by an offset that POST /__peer/clock?advance=<seconds> moves forward.

const realNow = Date.now.bind(Date);
let clockOffsetMs = 0;
Date.now = () => realNow() + clockOffsetMs;

// ---------------------------------------------------------------------------------------------------------------
// Signing key, generated at start; kid = RFC 7638 thumbprint as in Logto (core/utils/jwks.ts)

function generateSigningKey(type) {
  const [keyType, options, alg] = {
    EC_P384: ['ec', { namedCurve: 'P-384' }, 'ES384'],
    EC_P256: ['ec', { namedCurve: 'P-256' }, 'ES256'],
    RSA_2048: ['rsa', { modulusLength: 2048 }, 'RS256'],
  }[type] ?? (() => { throw new Error(`unknown signingKey ${type}`); })();
  const { privateKey } = crypto.generateKeyPairSync(keyType, options);
  const jwk = privateKey.export({ format: 'jwk' });
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  jwk.kid = crypto.createHash('sha256').update(JSON.stringify(members)).digest('base64url');
  return { jwk, alg };
}

const signingKey = generateSigningKey(signingKeyType);

// Published keys in Logto's order (current, previous). Rotation as in Logto's console: a new key of the same type
// signs from now on, the current one stays published as the previous key. The provider's keystore is rebuilt with
// upstream's own initializer, so the JWKS, ID tokens and JWT access tokens all follow at once.
let publishedKeys = [signingKey];

function publishSigningKeys(provider, keys) {
  publishedKeys = keys;
  initializeKeystore.call(provider, { keys: keys.map((key) => key.jwk) });
}

// ---------------------------------------------------------------------------------------------------------------
// Storage: upstream's in-memory adapter, plus Logto's refresh-token reuse interval
// (core/queries/oidc-model-instance.ts: a RefreshToken counts as consumed only when consumedAt + 3 s < now).

const store = new LRU({ maxSize: 100_000 });
const consumedAt = new Map();

class LogtoLikeAdapter extends MemoryAdapter {
  constructor(model) {
    super(model, store);
  }

  async consume(id) {
    await super.consume(id);
    consumedAt.set(this.key(id), Date.now());
  }

  async find(id) {
    const payload = await super.find(id);
    if (this.model === 'RefreshToken' && payload?.consumed) {
      const at = consumedAt.get(this.key(id)) ?? payload.consumed * 1000;
      if (at + reuseWindowMs >= Date.now()) {
        const { consumed, ...withinReuseWindow } = payload;
        return withinReuseWindow;
      }
    }
    return payload;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Tenant model: users, RBAC scopes, organizations

function userOrganizations(userId) {
  return [...organizations.values()].filter((org) => org.members?.[userId] !== undefined);
}

function isMember(organizationId, userId) {
  return organizations.get(organizationId)?.members?.[userId] !== undefined;
}

/** Scopes of an API resource a user has through global roles, plus (with an organization) organization roles. */
function userResourceScopes(userId, indicator, organizationId) {
  const scopes = new Set();
  for (const roleName of users.get(userId)?.roles ?? []) {
    (roles.get(roleName)?.scopes?.[indicator] ?? []).forEach((scope) => scopes.add(scope));
  }
  if (organizationId && isMember(organizationId, userId)) {
    for (const roleName of organizations.get(organizationId).members[userId]) {
      (organizationRoles.get(roleName)?.resourceScopes?.[indicator] ?? []).forEach((scope) => scopes.add(scope));
    }
  }
  return [...scopes];
}

function appResourceScopes(appId, indicator) {
  const scopes = new Set();
  for (const roleName of m2mApps.find((app) => app.clientId === appId)?.roles ?? []) {
    (roles.get(roleName)?.scopes?.[indicator] ?? []).forEach((scope) => scopes.add(scope));
  }
  return [...scopes];
}

/** The organization scopes a member has in an organization (core/queries/organization usersRoles.getUserScopes). */
function userOrganizationScopes(organizationId, userId) {
  const scopes = new Set();
  for (const roleName of organizations.get(organizationId)?.members?.[userId] ?? []) {
    (organizationRoles.get(roleName)?.organizationScopes ?? []).forEach((scope) => scopes.add(scope));
  }
  return [...scopes];
}

function allOrganizationScopes() {
  const scopes = new Set();
  organizationRoles.forEach((role) => (role.organizationScopes ?? []).forEach((scope) => scopes.add(scope)));
  return [...scopes];
}

// Claims per scope, Logto's table (core-kit openid.ts, core/oidc/scope.ts)
const PROFILE_CLAIMS = ['name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username',
  'profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at', 'username',
  'created_at'];
const CLAIMS = {
  sid: null,
  auth_time: null,
  iss: null,
  openid: ['sub'],
  profile: PROFILE_CLAIMS,
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  address: ['address'],
  custom_data: ['custom_data'],
  identities: ['identities', 'sso_identities'],
  roles: ['roles'],
  [ORGANIZATIONS_SCOPE]: ['organizations', 'organization_data'],
  [ORGANIZATION_ROLES_SCOPE]: ['organization_roles'],
  'urn:logto:scope:sessions': [],
  'urn:logto:scope:trusted_devices': [],
};
const EXTENDED_CLAIMS = new Set(['custom_data', 'identities', 'sso_identities', 'roles', 'organizations',
  'organization_data', 'organization_roles']);

function userClaims(user, use) {
  const profile = user.profile ?? {};
  const all = {
    sub: user.id,
    name: user.name ?? null,
    ...Object.fromEntries(['family_name', 'given_name', 'middle_name', 'nickname', 'profile', 'website', 'gender',
      'birthdate', 'zoneinfo', 'locale'].filter((claim) => profile[claim] != null).map((claim) => [claim, profile[claim]])),
    preferred_username: profile.preferred_username ?? user.username ?? undefined,
    picture: user.picture ?? null,
    updated_at: user.updatedAt,
    username: user.username ?? null,
    created_at: user.createdAt,
    email: user.email ?? null,
    email_verified: Boolean(user.email),
    phone_number: user.phone ?? null,
    phone_number_verified: Boolean(user.phone),
    address: profile.address ?? undefined,
    custom_data: user.customData ?? {},
    identities: user.identities ?? {},
    sso_identities: [],
    roles: user.roles ?? [],
    organizations: userOrganizations(user.id).map((org) => org.id),
    organization_data: userOrganizations(user.id)
      .map((org) => ({ id: org.id, name: org.name ?? org.id, description: org.description ?? null })),
    organization_roles: userOrganizations(user.id)
      .flatMap((org) => org.members[user.id].map((role) => `${org.id}:${role}`)),
  };
  return Object.fromEntries(Object.entries(all).filter(([claim, value]) => value !== undefined
    && (use !== 'id_token' || !EXTENDED_CLAIMS.has(claim) || idTokenExtendedClaims.has(claim))));
}

// ---------------------------------------------------------------------------------------------------------------
// Resource servers (core/oidc/resource.ts): every resource-bound access token is a JWT signed with the tenant key

function resourceServerData(audience, scopes, accessTokenTTL) {
  return {
    scope: scopes.join(' '),
    audience,
    accessTokenTTL,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: signingKey.alg } },
  };
}

async function getResourceServerInfo(ctx, indicator, client) {
  if (indicator === ORGANIZATION_RESOURCE) {
    return resourceServerData(indicator, allOrganizationScopes(), RESERVED_RESOURCE_TTL);
  }
  const resource = apiResources.get(indicator);
  if (!resource) {
    throw new errors.InvalidTarget();
  }
  const { session, entities, params } = ctx.oidc;
  const userId = session?.accountId ?? entities.Account?.accountId;
  let scopes;
  if (userId) {
    scopes = userResourceScopes(userId, indicator, params?.organization_id);
  } else if (client && m2mApps.some((app) => app.clientId === client.clientId)) {
    scopes = appResourceScopes(client.clientId, indicator);
  } else {
    scopes = resource.scopes ?? [];
  }
  return resourceServerData(indicator, scopes, resource.accessTokenTtl ?? ttl.accessToken);
}

// ---------------------------------------------------------------------------------------------------------------
// refresh_token grant: upstream's lib/actions/grants/refresh_token.js (9.13.3), with the mTLS and attestation
// branches left out (both features are off), plus Logto's RFC 0001 organization token
// (core/oidc/grants/refresh-token.ts): the organization checks run before the consumed check and the rotation.

function forbidden(error) {
  error.status = 403;
  error.statusCode = 403;
  return error;
}

async function refreshTokenHandler(provider, helpers, ctx) {
  const { checkDpopReplay, checkDpopRequired, validateDpop, validateGrant, applyAuthorizationDetails, buildTokenResponse } = helpers;

  presence(ctx, 'refresh_token');

  const { rotateRefreshToken, features: { userinfo, resourceIndicators } } = instance(provider).configuration;
  const { RefreshToken } = provider;
  const { client, params } = ctx.oidc;

  const dPoP = await validateDpop(ctx);

  let refreshTokenValue = params.refresh_token;
  let refreshToken = await RefreshToken.find(refreshTokenValue, { ignoreExpiration: true });

  if (!refreshToken) {
    throw new errors.InvalidGrant('refresh token not found');
  }
  if (refreshToken.clientId !== client.clientId) {
    throw new errors.InvalidGrant('client mismatch');
  }
  if (refreshToken.isExpired) {
    throw new errors.InvalidGrant('refresh token is expired');
  }

  checkDpopRequired(ctx, dPoP);

  const grant = await validateGrant(ctx, refreshToken.grantId);

  if (params.scope) {
    const missing = difference([...ctx.oidc.requestParamScopes], [...refreshToken.scopes]);
    if (missing.length !== 0) {
      throw new errors.InvalidScope(`refresh token missing requested ${formatters.pluralize('scope', missing.length)}`, missing.join(' '));
    }
  }

  await checkDpopReplay(ctx, dPoP, client.clientId, errors.InvalidGrant);

  if (refreshToken.jkt && (!dPoP || refreshToken.jkt !== dPoP.thumbprint)) {
    throw new errors.InvalidGrant('failed jkt verification');
  }

  ctx.oidc.entity('RefreshToken', refreshToken);
  ctx.oidc.entity('Grant', grant);

  const account = await validateAccount(provider, ctx, refreshToken, 'refresh token');
  checkAccountMismatch(refreshToken, grant);

  ctx.oidc.entity('Account', account);

  /* === Logto RFC 0001 === */
  const organizationId = params.organization_id ? String(params.organization_id) : undefined;
  if (organizationId) {
    if (!isMember(organizationId, account.accountId)) {
      throw forbidden(new errors.AccessDenied('user is not a member of the organization'));
    }
    if (!refreshToken.scopes.has(ORGANIZATIONS_SCOPE)) {
      throw forbidden(new errors.InsufficientScope('refresh token missing required scope', ORGANIZATIONS_SCOPE));
    }
  }
  /* === End RFC 0001 === */

  if (refreshToken.consumed) {
    await Promise.all([refreshToken.destroy(), revoke(ctx, refreshToken.grantId)]);
    throw new errors.InvalidGrant('refresh token already used');
  }

  if (
    rotateRefreshToken === true
    || (typeof rotateRefreshToken === 'function' && boolean(await rotateRefreshToken(ctx), 'rotateRefreshToken'))
  ) {
    await refreshToken.consume();
    ctx.oidc.entity('RotatedRefreshToken', refreshToken);

    refreshToken = new RefreshToken({
      accountId: refreshToken.accountId,
      acr: refreshToken.acr,
      amr: refreshToken.amr,
      authTime: refreshToken.authTime,
      claims: refreshToken.claims,
      client,
      expiresWithSession: refreshToken.expiresWithSession,
      iiat: refreshToken.iiat,
      grantId: refreshToken.grantId,
      gty: refreshToken.gty,
      nonce: refreshToken.nonce,
      resource: refreshToken.resource,
      rotations: typeof refreshToken.rotations === 'number' ? refreshToken.rotations + 1 : 1,
      scope: refreshToken.scope,
      sessionUid: refreshToken.sessionUid,
      sid: refreshToken.sid,
      rar: refreshToken.rar,
      jkt: refreshToken.jkt,
    });

    if (refreshToken.gty && !refreshToken.gty.endsWith('refresh_token')) {
      refreshToken.gty = `${refreshToken.gty} refresh_token`;
    }

    ctx.oidc.entity('RefreshToken', refreshToken);
    refreshTokenValue = await refreshToken.save();
  }

  const at = createAccessToken(provider, ctx, {
    accountId: account.accountId,
    expiresWithSession: refreshToken.expiresWithSession,
    grantId: refreshToken.grantId,
    sessionUid: refreshToken.sessionUid,
    sid: refreshToken.sid,
  }, refreshToken.gty);

  if (dPoP) {
    at.setThumbprint('jkt', dPoP.thumbprint);
  }
  if (at.gty && !at.gty.endsWith('refresh_token')) {
    at.gty = `${at.gty} refresh_token`;
  }

  const scope = params.scope ? ctx.oidc.requestParamScopes : refreshToken.scopes;

  if (organizationId && !params.resource) {
    /* === Logto RFC 0001: organization token === */
    const audience = `${ORGANIZATION_URN_PREFIX}${organizationId}`;
    const availableScopes = userOrganizationScopes(organizationId, account.accountId);
    at.aud = audience;
    at.resourceServer = new provider.ResourceServer(audience, resourceServerData(audience, availableScopes, RESERVED_RESOURCE_TTL));
    at.scope = availableScopes.filter((name) => scope.has(name)).join(' ');
    /* === End RFC 0001 === */
  } else {
    const resource = await resolveResource(ctx, refreshToken, { userinfo, resourceIndicators }, scope);
    if (resource) {
      const resourceServerInfo = validateResourceServer(await resourceIndicators.getResourceServerInfo(ctx, resource, client));
      at.resourceServer = new provider.ResourceServer(resource, resourceServerInfo);
      at.scope = grant.getResourceScopeFiltered(resource, [...scope].filter(Set.prototype.has.bind(at.resourceServer.scopes)));
    } else {
      at.claims = refreshToken.claims;
      at.scope = grant.getOIDCScopeFiltered(scope);
    }
  }

  await applyAuthorizationDetails(ctx, at, refreshToken);

  ctx.oidc.entity('AccessToken', at);
  const accessToken = await at.save();

  const idToken = await issueIdToken(provider, ctx, refreshToken, at, grant, scope);

  ctx.body = buildTokenResponse({
    accessToken,
    authorizationDetails: at.rar,
    expiresIn: at.expiration,
    idToken,
    refreshToken: refreshTokenValue,
    scope: refreshToken.scope ? at.scope : (at.scope || undefined),
    tokenType: at.tokenType,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Provider configuration (core/oidc/init.ts)

const LOGTO_ERROR_MESSAGES = { // packages/phrases en/errors/oidc.ts, the phrases the reference quotes
  invalid_grant: 'Grant request is invalid.',
  access_denied: 'Access denied.',
  invalid_target: 'Invalid resource indicator.',
};

function rotateRefreshTokenPolicy(ctx) {
  if (rotation === 'always') return true;
  if (rotation === 'never') return false;
  const { RefreshToken: refreshToken, Client: client } = ctx.oidc.entities;
  if (refreshToken.totalLifetime() >= 365.25 * DAY) return false;
  if (client.clientAuthMethod === 'none' && !refreshToken.isSenderConstrained()) return true;
  return refreshToken.ttlPercentagePassed() >= Number(rotation);
}

function logoutPage(ctx, form) {
  // Logto's packages/core/static/html/logout.html: "Sign Out", submits logout=yes at once
  ctx.type = 'html';
  ctx.body = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Sign Out</title></head>
<body>${form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>')}
<script>document.forms[0].submit()</script></body></html>`;
}

const alwaysIssueRefreshToken = new Set(webApps.filter((app) => app.alwaysIssueRefreshToken).map((app) => app.clientId));
const defaultResourceIndicator = [...apiResources.values()].find((resource) => resource.default)?.indicator;

const provider = (issuer) => new Provider(issuer, {
  adapter: LogtoLikeAdapter,
  jwks: { keys: [signingKey.jwk] },
  cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
  clients: [
    ...webApps.map((app) => ({
      client_id: app.clientId,
      client_secret: app.clientSecret,
      application_type: 'web',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: app.redirectUris,
      post_logout_redirect_uris: app.postLogoutRedirectUris ?? [],
      ...(app.backchannelLogoutUri ? {
        backchannel_logout_uri: app.backchannelLogoutUri,
        backchannel_logout_session_required: app.backchannelLogoutSessionRequired ?? false,
      } : {}),
      id_token_signed_response_alg: signingKey.alg,
    })),
    ...m2mApps.map((app) => ({
      client_id: app.clientId,
      client_secret: app.clientSecret,
      application_type: 'web',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      id_token_signed_response_alg: signingKey.alg,
    })),
  ],
  clientDefaults: { id_token_signed_response_alg: signingKey.alg },
  claims: CLAIMS,
  scopes: ['openid', 'offline_access', ...Object.keys(CLAIMS).filter((key) => CLAIMS[key] !== null && key !== 'openid')],
  conformIdTokenClaims: false,
  extraParams: ['interaction_mode', 'first_screen', 'direct_sign_in', 'organization_id', 'login_hint', 'ui_locales',
    'identifier', 'one_time_token', 'google_one_tap_credential'],
  pkce: { required: (ctx, client) => client.clientAuthMethod !== 'client_secret_basic' },
  enabledJWA: {
    idTokenSigningAlgValues: ['RS256', 'PS256', 'ES256', 'ES384', 'ES512'],
    userinfoSigningAlgValues: ['RS256', 'PS256', 'ES256', 'ES384', 'ES512'],
    introspectionSigningAlgValues: ['RS256', 'PS256', 'ES256', 'ES384', 'ES512'],
    authorizationSigningAlgValues: ['RS256', 'PS256', 'ES256', 'ES384', 'ES512'],
  },
  features: {
    devInteractions: { enabled: false },
    dPoP: { enabled: false },
    userinfo: { enabled: true },
    revocation: { enabled: true },
    introspection: { enabled: true },
    clientCredentials: { enabled: true },
    backchannelLogout: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: logoutPage,
      postLogoutSuccessSource(ctx) {
        ctx.type = 'html';
        ctx.body = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Signed out</title></head>'
          + '<body><p>You have successfully signed out.</p></body></html>';
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: async (ctx, client, oneOf) => oneOf ?? defaultResourceIndicator,
      useGrantedResource: () => false,
      getResourceServerInfo,
    },
  },
  // Logto: organization_id with resource adds the claim (core/oidc/extra-token-claims.ts)
  extraTokenClaims(ctx, token) {
    const { organization_id: organizationId, resource } = ctx.oidc.params ?? {};
    if (token.kind === 'AccessToken' && organizationId && resource && ctx.oidc.route === 'token') {
      return { organization_id: String(organizationId) };
    }
    return undefined;
  },
  formats: {
    customizers: {
      // Logto's fork keeps `scope: ""` in JWT access tokens; upstream drops an empty scope
      jwt(ctx, token, jwt) {
        if (token.scope === '') {
          jwt.payload.scope = '';
        }
      },
    },
  },
  async findAccount(ctx, sub) {
    const user = users.get(sub);
    if (!user || user.suspended) {
      return undefined;
    }
    return {
      accountId: sub,
      async claims(use) {
        return userClaims(user, use);
      },
    };
  },
  // core/oidc/init.ts: offline_access, or a web app with alwaysIssueRefreshToken
  async issueRefreshToken(ctx, client, code) {
    return client.grantTypeAllowed('refresh_token') && (code.scopes.has('offline_access')
      || (client.applicationType === 'web' && alwaysIssueRefreshToken.has(client.clientId)));
  },
  rotateRefreshToken: rotateRefreshTokenPolicy,
  revokeGrantPolicy: () => true,
  ttl: {
    AccessToken: (ctx, token) => token.resourceServer?.accessTokenTTL ?? ttl.accessToken,
    ClientCredentials: (ctx, token) => token.resourceServer?.accessTokenTTL ?? ttl.accessToken,
    IdToken: ttl.idToken,
    RefreshToken: (ctx, token, client) => {
      const rotated = ctx?.oidc?.entities.RotatedRefreshToken;
      if (rotated && client.applicationType === 'web' && client.clientAuthMethod === 'none' && !token.isSenderConstrained()) {
        return rotated.remainingTTL;
      }
      return ttl.refreshToken;
    },
    AuthorizationCode: 60,
    DeviceCode: 600,
    Interaction: 3600,
    Session: 14 * DAY,
    Grant: 180 * DAY,
  },
  // Outbound requests (back-channel logout) go to loopback only. Upstream v9 blocks special-use addresses with an
  // SSRF-protecting dispatcher; a self-hosted Logto turns that off (OIDC_PROVIDER_SSRF_PROTECTION_DISABLED), and
  // so does the peer, whose test apps listen on 127.0.0.1. Any other host is refused.
  fetch(url, options) {
    const { hostname } = new URL(url);
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) {
      return Promise.reject(new Error(`the peer only calls loopback addresses, not ${hostname}`));
    }
    const { dispatcher, ...withoutSsrfProtection } = options;
    return globalThis.fetch(url, withoutSsrfProtection);
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async renderError(ctx, out) { // Logto writes the JSON error as the body, even for HTML requests
    ctx.type = 'json';
    ctx.body = out;
  },
});

function decorateErrors(oidc) {
  // Logto's koa-oidc-error-handler: { code, message, error_uri?, error, error_description, scope? }
  oidc.use(async (ctx, next) => {
    await next();
    if (ctx.status === 404 && !ctx.body) { // core/middleware/koa-oidc-unrecognized-route.ts
      ctx.status = 404;
      ctx.body = {
        error: 'invalid_request',
        error_description: `unrecognized route or not allowed method (${ctx.method} on ${ctx.path})`,
      };
    }
    const body = ctx.body;
    if (ctx.status >= 400 && body && typeof body === 'object' && typeof body.error === 'string'
      && ctx.query.parse_error !== 'false') {
      const { error, error_description: description, scope, ...rest } = body;
      ctx.body = {
        code: `oidc.${error}`,
        message: LOGTO_ERROR_MESSAGES[error] ?? description,
        ...(error === 'invalid_grant' ? { error_uri: 'https://openid.sh/debug/invalid_grant' } : {}),
        error,
        error_description: description,
        ...(scope !== undefined ? { scope } : {}),
        ...rest,
      };
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Interactions: a sign-in page listing the users, or auto-login; consent is granted at once (first-party app)

function htmlEscape(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) {
    chunks.push(chunk);
    if (chunks.reduce((size, c) => size + c.length, 0) > 56 * 1024) {
      throw new Error('request body too large');
    }
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Grants everything the request asked for: OIDC scopes, and for each resource the requested scopes. */
async function grantEverything(oidc, details, accountId) {
  const { params, prompt } = details;
  const grant = details.grantId
    ? await oidc.Grant.find(details.grantId)
    : new oidc.Grant({ accountId, clientId: params.client_id });
  if (params.scope) {
    grant.addOIDCScope(params.scope);
  }
  const resources = [params.resource].flat().filter(Boolean).flatMap((value) => String(value).split(' '));
  for (const resource of resources) {
    if (params.scope) {
      grant.addResourceScope(resource, params.scope);
    }
  }
  for (const [resource, scopes] of Object.entries(prompt.details?.missingResourceScopes ?? {})) {
    grant.addResourceScope(resource, scopes.join(' '));
  }
  return grant.save();
}

async function finishInteraction(oidc, req, res, details, accountId) {
  const result = {
    login: { accountId },
    consent: { grantId: await grantEverything(oidc, details, accountId) },
  };
  await oidc.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

function signInPage(uid, clientId) {
  const buttons = [...users.values()].filter((user) => !user.suspended).map((user) => `
    <button type="submit" name="userId" value="${htmlEscape(user.id)}" id="user-${htmlEscape(user.id)}"
      data-testid="user-${htmlEscape(user.id)}">${htmlEscape(user.name ?? user.username ?? user.id)}</button>`).join('');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Sign in</title></head>
<body><h1>Sign in to ${htmlEscape(clientId)}</h1>
<form method="post" action="/interaction/${htmlEscape(uid)}/login">${buttons}</form>
<form method="post" action="/interaction/${htmlEscape(uid)}/abort"><button type="submit" id="cancel">Cancel</button></form>
</body></html>`;
}

async function interaction(oidc, req, res, url) {
  const [, , uid, action] = url.pathname.split('/');
  const details = await oidc.interactionDetails(req, res);
  if (details.uid !== uid) {
    return send(res, 400, 'application/json', { error: 'invalid_request', error_description: 'interaction mismatch' });
  }
  const sessionAccount = details.session?.accountId;
  if (req.method === 'GET' && !action) {
    if (details.prompt.name === 'consent' && sessionAccount) {
      return finishInteraction(oidc, req, res, details, sessionAccount);
    }
    if (autoLoginUserId) {
      return finishInteraction(oidc, req, res, details, autoLoginUserId);
    }
    return send(res, 200, 'text/html; charset=utf-8', signInPage(uid, details.params.client_id));
  }
  if (req.method === 'POST' && action === 'login') {
    const userId = (await readForm(req)).get('userId');
    if (!users.has(userId) || users.get(userId).suspended) {
      return send(res, 400, 'application/json', { error: 'invalid_request', error_description: 'unknown user' });
    }
    return finishInteraction(oidc, req, res, details, userId);
  }
  if (req.method === 'POST' && action === 'abort') {
    await readForm(req);
    return oidc.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' },
      { mergeWithLastSubmission: false });
  }
  return send(res, 404, 'application/json', { error: 'invalid_request', error_description: 'unrecognized route' });
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP server: the provider mounted under /oidc (as Logto's koa mount), interactions, test controls

function send(res, status, type, body) {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-store');
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

let oidc;
let callback;

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (!callback) {
      return send(res, 503, 'application/json', { error: 'temporarily_unavailable' });
    }
    if (url.pathname === '/oidc' || url.pathname.startsWith('/oidc/')) {
      req.originalUrl = req.url;
      req.url = req.url.slice('/oidc'.length) || '/';
      return await callback(req, res);
    }
    if (url.pathname.startsWith('/interaction/')) {
      return await interaction(oidc, req, res, url);
    }
    if (url.pathname === '/__peer/clock' && req.method === 'POST') {
      const seconds = Number(url.searchParams.get('advance'));
      if (!Number.isFinite(seconds) || seconds < 0) {
        return send(res, 400, 'application/json', { error: 'advance must be a non-negative number of seconds' });
      }
      clockOffsetMs += seconds * 1000;
      return send(res, 200, 'application/json', { now: Date.now(), offsetMs: clockOffsetMs });
    }
    if (url.pathname === '/__peer/reset' && req.method === 'POST') {
      store.clear();
      consumedAt.clear();
      clockOffsetMs = 0;
      autoLoginUserId = config.autoLogin ?? null;
      if (publishedKeys.length !== 1 || publishedKeys[0] !== signingKey) {
        publishSigningKeys(oidc, [signingKey]);
      }
      return send(res, 200, 'application/json', { reset: true });
    }
    if (url.pathname === '/__peer/rotate-signing-key' && req.method === 'POST') {
      publishSigningKeys(oidc, [generateSigningKey(signingKeyType), publishedKeys[0]]);
      return send(res, 200, 'application/json', { kids: publishedKeys.map((key) => key.jwk.kid) });
    }
    if (url.pathname === '/__peer/auto-login' && req.method === 'POST') {
      const userId = url.searchParams.get('user') || null;
      if (userId && !users.has(userId)) {
        return send(res, 400, 'application/json', { error: `unknown user ${userId}` });
      }
      autoLoginUserId = userId;
      return send(res, 200, 'application/json', { autoLogin: autoLoginUserId });
    }
    return send(res, 404, 'application/json', { error: 'not_found' });
  } catch (error) {
    if (!res.headersSent) {
      send(res, 500, 'application/json', { error: 'server_error', error_description: String(error.message) });
    } else {
      res.destroy(error);
    }
  }
});

server.listen(requestedPort, '127.0.0.1', () => {
  const { port } = server.address();
  oidc = provider(`http://127.0.0.1:${port}/oidc`);
  const boundHelpers = Object.fromEntries(Object.entries(grantHelpers)
    .map(([name, helper]) => [name, helper.bind(undefined, oidc)]));
  oidc.registerGrantType('refresh_token', refreshTokenHandler.bind(undefined, oidc, boundHelpers),
    new Set([...refreshTokenParameters, 'resource', 'organization_id']), new Set(['resource']));
  // Logto's ID tokens always carry `sid` (from the code or refresh token); upstream adds it only for clients
  // with backchannel_logout_session_required.
  oidc.Client.prototype.includeSid = () => true;
  oidc.on('backchannel.error', (ctx, error, client) => {
    process.stderr.write(`back-channel logout to ${client.clientId} failed: ${error.message}${error.cause ? ` (${error.cause.message ?? error.cause})` : ''}\n`);
  });
  decorateErrors(oidc);
  callback = oidc.callback();
  process.stdout.write(`READY ${port}\n`);
});

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
