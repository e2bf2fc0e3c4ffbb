// Generated from docs/openapi/local.json by `npm run generate`: do not edit.

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
         * @description Validates the body against the bid event schema, all or nothing (an invalid batch stores nothing), then writes each event to the `bcns` stream with `type: "bid"` and the server's receive time as `timestamp` (a client `type` or `timestamp` never overrides them). A body is one event or an array of 1 to 500, at most 1 MiB.
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
         * @description Validates the body against the impression event schema, all or nothing (an invalid batch stores nothing), then writes each event to the `bcns` stream with `type: "imp"` and the server's receive time as `timestamp` (a client `type` or `timestamp` never overrides them). A body is one event or an array of 1 to 500, at most 1 MiB.
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
         * @description Validates the body against the click event schema, all or nothing (an invalid batch stores nothing), then writes each event to the `bcns` stream with `type: "click"` and the server's receive time as `timestamp` (a client `type` or `timestamp` never overrides them). A body is one event or an array of 1 to 500, at most 1 MiB.
         */
        post: operations["postClick"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every campaign’s totals over a range
         * @description Every campaign with activity in the range, with its bids, impressions, clicks, spend, win rate and CTR, sorted and paged, and the totals over all of them. Read from per-day rollups the reports writer keeps: one DynamoDB Query per day and shard, never a scan. The freshness canary’s campaign is left out.
         */
        get: operations["listCampaigns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/campaigns/{campaign_item_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A campaign's counts
         * @description A campaign's bids, impressions, clicks and spend: totals over the range, and one page of buckets, oldest first. An unknown campaign answers zero totals and no buckets. Reads are DynamoDB Queries, never scans.
         */
        get: operations["getCampaignReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/model": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The win-probability model
         * @description The served model (holdout AUC and log loss, calibration), the model it replaced on the same holdout, the model served before it, and the last training run's gate decision, from the local model store.
         */
        get: operations["getModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/predictions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * P(win) of bids at their prices
         * @description Scores each bid with the current model: the probability that it wins (gets an impression) at its offered price. A body is one request or an array of 1 to 500; the answer keeps their order.
         */
        post: operations["predictWin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The local platform's metrics
         * @description The metrics the stages publish to CloudWatch on AWS (canary latency, failed events by reason, report rows written, ...), in the Prometheus text exposition format 0.0.4.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The local platform's state
         * @description Endpoints of the local Kinesis and DynamoDB, the watermark, what each consumer has done, and the health of each component.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document
         * @description The local platform's OpenAPI document, with its own URL as the server.
         */
        get: operations["getOpenApi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document, rendered
         * @description This document rendered by Swagger UI, served by the platform itself (no CDN).
         */
        get: operations["getDocs"];
        put?: never;
        post?: never;
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
        /** @description Counts of a campaign over a range or a bucket. */
        Counts: {
            /** @description Distinct bids. */
            bids: number;
            /** @description Distinct impressions joined to their bid within the attribution window. */
            impressions: number;
            /** @description Distinct clicks joined to a counted impression within the click window. */
            clicks: number;
            /** @description Sum of the impressions’ clearing prices, in micro-units of the account currency. */
            spend: number;
        };
        /** @description Counts of one bucket. */
        PeriodCounts: {
            /** @description Start of the bucket, ISO-8601 UTC. */
            period: string;
            /** @description Distinct bids. */
            bids: number;
            /** @description Distinct impressions joined to their bid within the attribution window. */
            impressions: number;
            /** @description Distinct clicks joined to a counted impression within the click window. */
            clicks: number;
            /** @description Sum of the impressions’ clearing prices, in micro-units of the account currency. */
            spend: number;
        };
        /** @description A campaign's totals over the requested range and one page of its buckets, oldest first. */
        CampaignReport: {
            campaign_item_id: number;
            /** @enum {string} */
            granularity: "period" | "hour" | "day";
            totals: components["schemas"]["Counts"];
            periods: components["schemas"]["PeriodCounts"][];
            /** @description Pass as `next_token` for the next page; null on the last page. */
            next_token: string | null;
        };
        /** @description One campaign's totals over the range, with its ratios. */
        CampaignSummary: {
            campaign_item_id: number;
            /** @description Distinct bids. */
            bids: number;
            /** @description Distinct impressions joined to their bid within the attribution window. */
            impressions: number;
            /** @description Distinct clicks joined to a counted impression within the click window. */
            clicks: number;
            /** @description Sum of the impressions’ clearing prices, in micro-units of the account currency. */
            spend: number;
            /** @description impressions / bids; null without bids. */
            win_rate: number | null;
            /** @description clicks / impressions; null without impressions. */
            ctr: number | null;
        };
        /** @description Every campaign with activity in the range, sorted, one page at a time. */
        CampaignList: {
            /** @description Inclusive start of the range, a whole UTC hour (ISO-8601). */
            from: string;
            /** @description Exclusive end of the range, a whole UTC hour (ISO-8601). */
            to: string;
            /** @enum {string} */
            sort: "campaign_item_id" | "bids" | "impressions" | "clicks" | "spend" | "win_rate" | "ctr";
            /** @enum {string} */
            order: "asc" | "desc";
            /** @description Campaigns with activity in the range, over every page. */
            campaign_count: number;
            totals: components["schemas"]["Counts"];
            campaigns: components["schemas"]["CampaignSummary"][];
            /** @description Pass as `next_token` for the next page; null on the last page. */
            next_token: string | null;
        };
        /** @description A model's quality on a holdout. */
        ModelMetrics: {
            /** @description Area under the ROC curve. */
            auc: number;
            /** @description Mean log loss. */
            log_loss: number;
        };
        /** @description The served model, the one before it, and the last training run's gate decision. */
        ModelSummary: {
            model: null | {
                /** @description ISO-8601. */
                trained_at: string;
                auc: number;
                log_loss: number;
                /** @description AUC of ranking the holdout by price alone. */
                baseline_auc: number;
                /** @description Rows it was trained on. */
                train_rows: number;
                /** @description Rows of its holdout. */
                holdout_rows: number;
                /** @description Predicted against observed win rate on its holdout, by bin. */
                calibration: {
                    predicted: number;
                    observed: number;
                    /** @description Holdout rows in the bin. */
                    count: number;
                }[];
                /** @description The model it replaced, on the same holdout; null for the first. */
                replaced: null | components["schemas"]["ModelMetrics"];
            };
            previous: null | {
                /** @description ISO-8601. */
                trained_at: string;
                auc: number;
                log_loss: number;
            };
            last_run: null | {
                /** @description ISO-8601. */
                at: string;
                accepted: boolean;
                reason: string;
                candidate: components["schemas"]["ModelMetrics"];
                served: null | components["schemas"]["ModelMetrics"];
                /** @description Rows of the candidate’s holdout. */
                holdout_rows: number;
            };
        };
        /** @description A bid to score: its campaign, where it would show, its creative and its offered price. */
        PredictionRequest: {
            /** @description Campaign line item the bid belongs to. An integer, or its decimal string. */
            campaignItemId: number | string;
            /** @description Publisher domain, e.g. www.example.com. */
            domain?: string;
            /** @description Creative (ad) id. */
            creativeId?: string;
            /** @description Creative category. */
            creativeCategory?: string;
            /** @description The price offered by the bid, in micro-units of the account currency. */
            winPrice: number;
        };
        /** @description One prediction per request, in request order. */
        PredictionResponse: {
            predictions: components["schemas"]["Prediction"][];
        };
        /** @description P(win) of one bid at its price. */
        Prediction: {
            /** @description The probability that the bid wins. */
            score: number;
            /**
             * @description 1 when score ≥ 0.5.
             * @enum {integer}
             */
            predicted_label: 0 | 1;
        };
        /** @description The local platform's state: its endpoints, the watermark and what each consumer has done. */
        Health: {
            /**
             * @description `ok` while every component works.
             * @enum {string}
             */
            status: "ok" | "failing";
            /** @description The failing components, when any. */
            failing?: string[];
            /** @description Each component: `ok`, `idle` (nothing to do yet, e.g. a compaction that has not run), `failing` with the error that started it and since when, or `stuck` (it should move and has not) with the reason; stages add details such as their lag. */
            components: {
                [key: string]: {
                    /** @enum {string} */
                    status: "ok" | "idle" | "failing" | "stuck";
                    error?: string;
                    /** @description ISO-8601 UTC. */
                    since?: string;
                    /** @description Why a stuck component counts as stuck. */
                    reason?: string;
                };
            };
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
            /** @description The body breaks the event schema, or is not JSON; nothing was stored. `errors` lists every problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than 1 MiB. */
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
            /** @description The stream throttled every event; nothing was stored: retry exactly the events listed in `failures`, with backoff. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PutResult"] | components["schemas"]["Error"];
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
            /** @description The body breaks the event schema, or is not JSON; nothing was stored. `errors` lists every problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than 1 MiB. */
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
            /** @description The stream throttled every event; nothing was stored: retry exactly the events listed in `failures`, with backoff. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PutResult"] | components["schemas"]["Error"];
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
            /** @description The body breaks the event schema, or is not JSON; nothing was stored. `errors` lists every problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than 1 MiB. */
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
            /** @description The stream throttled every event; nothing was stored: retry exactly the events listed in `failures`, with backoff. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PutResult"] | components["schemas"]["Error"];
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
    listCampaigns: {
        parameters: {
            query?: {
                /** @description Inclusive start, a whole UTC hour: ISO-8601 or epoch seconds. Default: 24 hours before `to`. */
                from?: string;
                /** @description Exclusive end, a whole UTC hour, at most 92 days after `from`. Default: the end of the hour in progress. */
                to?: string;
                /** @description The figure to sort by; ties by campaign id. */
                sort?: "campaign_item_id" | "bids" | "impressions" | "clicks" | "spend" | "win_rate" | "ctr";
                /** @description Sort order; default `asc` by campaign id, else `desc`. Campaigns without a ratio go last either way. */
                order?: "asc" | "desc";
                /** @description Campaigns per page. */
                limit?: number;
                /** @description The previous page's `next_token`, with the same `from`, `to`, `sort` and `order`. */
                next_token?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of campaigns and the totals over every campaign. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignList"];
                };
            };
            /** @description A bad parameter (unknown parameters included); `errors` lists every problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An unexpected failure, logged by the platform; retry later. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCampaignReport: {
        parameters: {
            query?: {
                /** @description Inclusive start: ISO-8601 (`2026-11-22`, `2026-11-22T10:00:00Z`) or epoch seconds. Default: the first period. */
                from?: string;
                /** @description Exclusive end, after `from`; same formats. Default: the latest period. */
                to?: string;
                /** @description Bucket size: one aggregation window (`period`), an hour or a day (UTC). */
                granularity?: "period" | "hour" | "day";
                /** @description Buckets per page. */
                limit?: number;
                /** @description The previous page's `next_token`, with the same campaign, `from`, `to` and `granularity`. */
                next_token?: string;
            };
            header?: never;
            path: {
                /** @description The campaign line item. */
                campaign_item_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The campaign's totals and one page of buckets. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignReport"];
                };
            };
            /** @description A bad campaign id or parameter (unknown parameters included); `errors` lists every problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Campaign 9007199254740991, reserved for the freshness canary (no report), or no campaign id in the path (no route). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An unexpected failure, logged by the platform; retry later. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getModel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The model summary; nulls before the first training run. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelSummary"];
                };
            };
            /** @description An unexpected failure, logged by the platform; retry later. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    predictWin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One prediction request or an array of 1 to 500. */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "campaignItemId": 1463517,
                 *       "domain": "www.google.com",
                 *       "creativeId": "b72897cb",
                 *       "creativeCategory": "finance",
                 *       "winPrice": 1500000
                 *     }
                 */
                "application/json": components["schemas"]["PredictionRequest"] | components["schemas"]["PredictionRequest"][];
            };
        };
        responses: {
            /** @description One prediction per request, in request order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PredictionResponse"];
                };
            };
            /** @description A bad request; `errors` lists every problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than 1 MiB. */
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
            /** @description An unexpected failure, logged by the platform; retry later. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No model yet: the message says how to train one (`npx sdp train`). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every metric with its HELP and TYPE lines. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every component works. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description A component is failing (e.g. a full disk): `failing` names it, `components` says why. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getOpenApi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI 3.1 document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        openapi: "3.1.0";
                        paths: Record<string, never>;
                    };
                };
            };
        };
    };
    getDocs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An HTML page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
}
