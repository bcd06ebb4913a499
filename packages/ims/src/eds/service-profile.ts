// The service profile the EDS hands out with temporary IMS user data: one initial filter
// criterion sending originating and terminating sessions to the MMTel AS (TS 29.228 style).

export interface ServiceProfile {
  id: string;
  initialFilterCriteria: { priority: number; methods: string[]; sessionCase: 'originating' | 'terminating' | 'any'; applicationServer: string; defaultHandling: 'session-continued' | 'session-terminated' }[];
}

export function mmtelServiceProfile(domain: string, kind: 'enterprise' | 'subscriber'): ServiceProfile {
  return {
    id: `${kind}-mmtel`,
    initialFilterCriteria: [
      { priority: 0, methods: ['REGISTER'], sessionCase: 'any', applicationServer: `sip:mmtel-as.${domain}`, defaultHandling: 'session-continued' },
      { priority: 1, methods: ['INVITE', 'MESSAGE'], sessionCase: 'any', applicationServer: `sip:mmtel-as.${domain}`, defaultHandling: 'session-terminated' },
    ],
  };
}
