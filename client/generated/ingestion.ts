// Generated from docs/openapi/ingestion.json by `npm run generate`: do not edit.

export interface paths {
    "/bid": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send bid events
         * @description Validates the body against the bid event schema, all or nothing (an invalid batch stores nothing), then writes each event to the `bcns` stream with `type: "bid"` and the server's receive time as `timestamp` (a client `type` or `timestamp` never overrides them). A body is one event or an array of 1 to 500, at most 1 MiB (API Gateway itself refuses bodies over 10 MiB with 413).
         */
        post: operations["postBid"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/impression": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send impression events
         * @description Validates the body against the impression event schema, all or nothing (an invalid batch stores nothing), then writes each event to the `bcns` stream with `type: "imp"` and the server's receive time as `timestamp` (a client `type` or `timestamp` never overrides them). A body is one event or an array of 1 to 500, at most 1 MiB (API Gateway itself refuses bodies over 10 MiB with 413).
         */
        post: operations["postImpression"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/click": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send click events
         * @description Validates the body against the click event schema, all or nothing (an invalid batch stores nothing), then writes each event to the `bcns` stream with `type: "click"` and the server's receive time as `timestamp` (a client `type` or `timestamp` never overrides them). A body is one event or an array of 1 to 500, at most 1 MiB (API Gateway itself refuses bodies over 10 MiB with 413).
         */
        post: operations["postClick"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        BidEvent: {
            /** @description Transaction id shared by a bid and its impression and click; the Kinesis partition key. */
            tx_id: string;
            /** @description Campaign line item the bid belongs to. */
            campaign_item_id: number;
            /** @description Id of the app or user the ad is shown to. */
            app_uid: string;
            /** @description Publisher domain, e.g. www.example.com. */
            domain?: string;
            /** @description Creative (ad) id. */
            creative_id?: string;
            /** @description Creative category. */
            creative_category?: string;
            /** @description The price offered by the bid, in micro-units of the account currency. */
            win_price?: number;
            /**
             * @description Optional; the server sets it.
             * @enum {string}
             */
            type?: "bid";
            /** @description Optional; the server replaces it with the receive time. */
            timestamp?: number;
        };
        ImpressionEvent: {
            /** @description Transaction id shared by a bid and its impression and click; the Kinesis partition key. */
            tx_id: string;
            /** @description The clearing price paid for the impression, in micro-units of the account currency. */
            win_price: number;
            /**
             * @description Optional; the server sets it.
             * @enum {string}
             */
            type?: "imp";
            /** @description Optional; the server replaces it with the receive time. */
            timestamp?: number;
        };
        ClickEvent: {
            /** @description Transaction id shared by a bid and its impression and click; the Kinesis partition key. */
            tx_id: string;
            /**
             * @description Optional; the server sets it.
             * @enum {string}
             */
            type?: "click";
            /** @description Optional; the server replaces it with the receive time. */
            timestamp?: number;
        };
        /** @description What was stored: every event (200) or some of them (207, 429, 503). */
        PutResult: {
            /** @description Events stored on the stream. */
            accepted: number;
            /** @description Events not stored: retry exactly these. */
            failed: number;
            /** @description One entry per event not stored, in request order. */
            failures: components["schemas"]["PutFailure"][];
        };
        /** @description An event the stream did not store. */
        PutFailure: {
            /** @description The event's position in the request (0 for a single event). */
            index: number;
            /** @description The Kinesis error code, e.g. ProvisionedThroughputExceededException. */
            error_code: string;
            /** @description What to do about it. */
            message: string;
        };
        /** @description A refused or failed request. `errors` lists every problem of a bad request. */
        Error: {
            /** @description What went wrong, in one sentence. */
            message: string;
            errors?: components["schemas"]["ValidationIssue"][];
        };
        /** @description One problem with the request; every problem is listed (up to 50). */
        ValidationIssue: {
            /** @description The record's position in a batch; null when the problem is with the body or a single record. */
            index: number | null;
            /** @description The field or parameter at fault; empty for the body as a whole. */
            path: string;
            /** @description What is wrong. */
            message: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    postBid: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One bid event or an array of 1 to 500. */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "tx_id": "44db4cf3-1d2e-4b8a-9a6f-0c1f5a2b3c4d",
                 *       "campaign_item_id": 1463517,
                 *       "app_uid": "e582f2a0-77c1-4f4e-b1d4-5e0d3a1b2c3d",
                 *       "domain": "www.google.com",
                 *       "creative_id": "b72897cb",
                 *       "creative_category": "finance",
                 *       "win_price": 1500000
                 *     }
                 */
                "application/json": components["schemas"]["BidEvent"] | components["schemas"]["BidEvent"][];
            };
        };
        responses: {
            /** @description Every event was stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PutResult"];
                };
            };
            /** @description Some events were stored; retry exactly the events listed in `failures`, with backoff. */
            207: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PutResult"];
                };
            };
            /** @description The body breaks the event schema; nothing was stored. API Gateway's validator names the first problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials (a SigV4 signature or an `x-api-key`), or an unknown route. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than API Gateway accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The stage is throttling requests; retry with backoff. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The stream failed; nothing was stored: retry exactly the events listed in `failures`, with backoff. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PutResult"] | components["schemas"]["Error"];
                };
            };
        };
    };
    postImpression: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One impression event or an array of 1 to 500. */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "tx_id": "44db4cf3-1d2e-4b8a-9a6f-0c1f5a2b3c4d",
                 *       "win_price": 1200000
                 *     }
                 */
                "application/json": components["schemas"]["ImpressionEvent"] | components["schemas"]["ImpressionEvent"][];
            };
        };
        responses: {
            /** @description Every event was stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PutResult"];
                };
            };
            /** @description Some events were stored; retry exactly the events listed in `failures`, with backoff. */
            207: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PutResult"];
                };
            };
            /** @description The body breaks the event schema; nothing was stored. API Gateway's validator names the first problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials (a SigV4 signature or an `x-api-key`), or an unknown route. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than API Gateway accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The stage is throttling requests; retry with backoff. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The stream failed; nothing was stored: retry exactly the events listed in `failures`, with backoff. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PutResult"] | components["schemas"]["Error"];
                };
            };
        };
    };
    postClick: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One click event or an array of 1 to 500. */
        requestBody: {
            content: {
                /**
                 * @example [
                 *       {
                 *         "tx_id": "44db4cf3-1d2e-4b8a-9a6f-0c1f5a2b3c4d"
                 *       }
                 *     ]
                 */
                "application/json": components["schemas"]["ClickEvent"] | components["schemas"]["ClickEvent"][];
            };
        };
        responses: {
            /** @description Every event was stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PutResult"];
                };
            };
            /** @description Some events were stored; retry exactly the events listed in `failures`, with backoff. */
            207: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PutResult"];
                };
            };
            /** @description The body breaks the event schema; nothing was stored. API Gateway's validator names the first problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials (a SigV4 signature or an `x-api-key`), or an unknown route. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than API Gateway accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The stage is throttling requests; retry with backoff. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The stream failed; nothing was stored: retry exactly the events listed in `failures`, with backoff. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PutResult"] | components["schemas"]["Error"];
                };
            };
        };
    };
}
