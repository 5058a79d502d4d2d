/**
 * RFC 7643 §4 (User, Group, EnterpriseUser) and §3.1 (common attributes) as data: the source of
 * every attribute's type and default characteristics (§7). The mapping compiler resolves config
 * paths against these; discovery serves the mapped subset of them.
 */

export type ScimAttrType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'binary' | 'complex';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

export interface SchemaAttribute {
  readonly name: string;
  readonly type: ScimAttrType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly SchemaAttribute[];
}

export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly SchemaAttribute[];
}

export const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
} as const;

type Partial7 = Partial<Omit<SchemaAttribute, 'name' | 'description'>>;

/** An attribute with RFC 7643 §2.2 defaults: string, single, optional, readWrite, returned default. */
function a(name: string, description: string, over: Partial7 = {}): SchemaAttribute {
  return {
    name, description,
    type: 'string', multiValued: false, required: false, caseExact: false,
    mutability: 'readWrite', returned: 'default', uniqueness: 'none',
    ...over,
  };
}

const complex = (name: string, description: string, subAttributes: readonly SchemaAttribute[], over: Partial7 = {}) =>
  a(name, description, { type: 'complex', subAttributes, ...over });

/** The sub-attributes every RFC 7643 multi-valued attribute shares (§2.4). */
function multi(name: string, description: string, types: readonly string[], extra: readonly SchemaAttribute[] = [], valueType: ScimAttrType = 'string') {
  return complex(name, description, [
    a('value', `The ${name} value.`, { type: valueType }),
    a('display', 'A human-readable name, primarily used for display purposes.', { mutability: 'readOnly' }),
    a('type', 'A label indicating the attribute\'s function.', types.length > 0 ? { canonicalValues: types } : {}),
    a('primary', 'Indicates the preferred value for this attribute.', { type: 'boolean' }),
    ...extra,
  ], { multiValued: true });
}

/** RFC 7643 §3.1: id, externalId, meta — shared by every resource type. */
export const COMMON_ATTRIBUTES: readonly SchemaAttribute[] = [
  a('id', 'Unique identifier for the SCIM resource as defined by the service provider.', {
    caseExact: true, mutability: 'readOnly', returned: 'always', uniqueness: 'server',
  }),
  a('externalId', 'Identifier of the resource as defined by the provisioning client.', { caseExact: true }),
  complex('meta', 'Resource metadata.', [
    a('resourceType', 'The name of the resource type of the resource.', { mutability: 'readOnly', caseExact: true }),
    a('created', 'The DateTime that the resource was added to the service provider.', { type: 'dateTime', mutability: 'readOnly' }),
    a('lastModified', 'The most recent DateTime that the details of this resource were updated.', { type: 'dateTime', mutability: 'readOnly' }),
    a('location', 'The URI of the resource being returned.', { type: 'reference', mutability: 'readOnly', caseExact: true }),
    a('version', 'The version of the resource being returned.', { mutability: 'readOnly', caseExact: true }),
  ], { mutability: 'readOnly' }),
];

const NAME = complex('name', 'The components of the user\'s real name.', [
  a('formatted', 'The full name, including all middle names, titles, and suffixes as appropriate, formatted for display.'),
  a('familyName', 'The family name of the User, or last name in most Western languages.'),
  a('givenName', 'The given name of the User, or first name in most Western languages.'),
  a('middleName', 'The middle name(s) of the User.'),
  a('honorificPrefix', 'The honorific prefix(es) of the User, or title in most Western languages.'),
  a('honorificSuffix', 'The honorific suffix(es) of the User, or suffix in most Western languages.'),
]);

const ADDRESS_SUBS = [
  a('formatted', 'The full mailing address, formatted for display.'),
  a('streetAddress', 'The full street address component.'),
  a('locality', 'The city or locality component.'),
  a('region', 'The state or region component.'),
  a('postalCode', 'The zip code or postal code component.'),
  a('country', 'The country name component (ISO 3166-1 alpha-2).'),
  a('type', 'A label indicating the attribute\'s function.', { canonicalValues: ['work', 'home', 'other'] }),
  a('primary', 'Indicates the preferred mailing address.', { type: 'boolean' }),
];

export const USER_SCHEMA: SchemaDefinition = {
  id: URN.user,
  name: 'User',
  description: 'User Account',
  attributes: [
    a('userName', 'Unique identifier for the User, typically used by the user to directly authenticate to the service provider.', {
      required: true, uniqueness: 'server',
    }),
    NAME,
    a('displayName', 'The name of the User, suitable for display to end-users.'),
    a('nickName', 'The casual way to address the user in real life.'),
    a('profileUrl', 'A fully qualified URL pointing to a page representing the User\'s online profile.', { type: 'reference', referenceTypes: ['external'] }),
    a('title', 'The user\'s title, such as "Vice President".'),
    a('userType', 'Used to identify the relationship between the organization and the user.'),
    a('preferredLanguage', 'Indicates the User\'s preferred written or spoken language.'),
    a('locale', 'Used to indicate the User\'s default location for purposes of localizing items.'),
    a('timezone', 'The User\'s time zone in the "Olson" time zone database format.'),
    a('active', 'A Boolean value indicating the User\'s administrative status.', { type: 'boolean' }),
    a('password', 'The User\'s cleartext password.', { mutability: 'writeOnly', returned: 'never', caseExact: true }),
    multi('emails', 'Email addresses for the user.', ['work', 'home', 'other']),
    multi('phoneNumbers', 'Phone numbers for the User.', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    multi('ims', 'Instant messaging addresses for the User.', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    multi('photos', 'URLs of photos of the User.', ['photo', 'thumbnail'], [], 'reference'),
    complex('addresses', 'A physical mailing address for this User.', ADDRESS_SUBS, { multiValued: true }),
    complex('groups', 'A list of groups to which the user belongs.', [
      a('value', 'The identifier of the User\'s group.', { mutability: 'readOnly' }),
      a('$ref', 'The URI of the corresponding Group resource.', { type: 'reference', referenceTypes: ['Group'], mutability: 'readOnly' }),
      a('display', 'A human-readable name, primarily used for display purposes.', { mutability: 'readOnly' }),
      a('type', 'A label indicating the attribute\'s function, e.g., "direct" or "indirect".', { mutability: 'readOnly', canonicalValues: ['direct', 'indirect'] }),
    ], { multiValued: true, mutability: 'readOnly' }),
    multi('entitlements', 'A list of entitlements for the User.', []),
    multi('roles', 'A list of roles for the User.', []),
    multi('x509Certificates', 'A list of certificates issued to the User.', [], [], 'binary'),
  ],
};

export const ENTERPRISE_USER_SCHEMA: SchemaDefinition = {
  id: URN.enterpriseUser,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    a('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person.'),
    a('costCenter', 'Identifies the name of a cost center.'),
    a('organization', 'Identifies the name of an organization.'),
    a('division', 'Identifies the name of a division.'),
    a('department', 'Identifies the name of a department.'),
    complex('manager', 'The User\'s manager.', [
      a('value', 'The id of the SCIM resource representing the User\'s manager.'),
      a('$ref', 'The URI of the SCIM resource representing the User\'s manager.', { type: 'reference', referenceTypes: ['User'] }),
      a('displayName', 'The displayName of the User\'s manager.', { mutability: 'readOnly' }),
    ]),
  ],
};

export const GROUP_SCHEMA: SchemaDefinition = {
  id: URN.group,
  name: 'Group',
  description: 'Group',
  attributes: [
    a('displayName', 'A human-readable name for the Group.', { required: true }),
    complex('members', 'A list of members of the Group.', [
      a('value', 'Identifier of the member of this Group.', { mutability: 'immutable' }),
      a('$ref', 'The URI of the member resource.', { type: 'reference', referenceTypes: ['User', 'Group'], mutability: 'immutable' }),
      a('display', 'A human-readable name for the member.', { mutability: 'readOnly' }),
      a('type', 'A label indicating the type of resource, e.g., "User" or "Group".', { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
    ], { multiValued: true }),
  ],
};

/** The core schema and the extensions a resource type name brings by default. */
export const RESOURCE_SCHEMAS: Readonly<Record<string, { core: SchemaDefinition; extensions: readonly SchemaDefinition[]; endpoint: string }>> = {
  User: { core: USER_SCHEMA, extensions: [ENTERPRISE_USER_SCHEMA], endpoint: '/Users' },
  Group: { core: GROUP_SCHEMA, extensions: [], endpoint: '/Groups' },
};
