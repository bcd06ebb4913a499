// Public API of @eims/ims (data side: SBI, BSS, EDS, billing). The SIP network functions
// (P-CSCF, S-CSCF, MMTel AS, IBCF) build on the IF1/IF2/IF3 clients and the CDR store exported here.
export { startIms, type ImsOptions, type RunningIms } from './ims.ts';
export { loadImsConfig, anyFreeSipPorts, SIP_PORT_VARIABLES, IMS_DOMAIN_DEFAULT, type ImsConfig } from './config/ims-config.ts';
export { ImsError, IMS_ERROR_CODES, assertNever, type ImsErrorCode, type Result } from './errors.ts';
export { Http2Pool } from './sbi/http2-pool.ts';
export { SbiClient, type SbiClientOptions, type SbiAnswer, type EventSubscription } from './sbi/sbi-client.ts';
export type { Problem } from './sbi/problem.ts';
export { If1Client, type If1Subscriber } from './eds/if1-client.ts';
export { If2Client } from './eds/if2-client.ts';
export type { If2User } from './eds/if2-api.ts';
export { If3Client, type PbxAdmissionAnswer } from './eds/if3-client.ts';
export type { ConnectedTrunk } from './eds/if3-api.ts';
export { checkPbxCertificate, PBX_REFUSAL_REASONS, type PbxRefusalReason, type PbxAdmission } from './eds/if3-pbx-check.ts';
export { IF1_ERRORS, type If1ErrorCode } from './eds/if1-errors.ts';
export type { Authentication, AuthenticateRequest } from './eds/eds.ts';
export type { If1Event, If2Event, DeregisterReason } from './eds/eds-events.ts';
export type { StoredRegistration } from './eds/registration-store.ts';
export type { ServiceProfile } from './eds/service-profile.ts';
export { SET_RECEIVER_PATH } from './eds/security-event-receiver.ts';
export { CdrStore, type CdrVerification } from './billing/cdr-store.ts';
export { CDR_DISPOSITIONS, type Cdr, type CdrInput, type CdrDisposition } from './billing/cdr.ts';
export type { Enterprise, EnterpriseView, NumberRange, Subscriber, SubscriberView } from './bss/enterprise.ts';
export { DEMO_ENTERPRISE, DEMO_SUBSCRIBER, provisionDemoEnterprise, provisionDemoSubscriber, idpTlsFiles } from './bss/demo-provisioning.ts';
export { startImsCore, type ImsCoreOptions, type ImsCoreListeners, type RunningImsCore } from './core/ims-core.ts';
export { startSipCore, describeListeners, type RunningSipCore, type SipCoreConfig } from './core/start-sip-core.ts';
export { IbcfTrunk, type IbcfTrunkOptions } from './ibcf/ibcf-trunk.ts';
export { issuePbxCertificate, ensureDemoPbxCa, pbxCaFiles } from './bss/pbx-certificates.ts';
