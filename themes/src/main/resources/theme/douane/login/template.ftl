<#--
  Page layout of the douane login theme, on the DSFR.
  Same macro name and parameters as Keycloak's base layout, so the base pages we do not override
  (register, OTP, update profile ...) render inside this layout too. Extra parameters:
    breadcrumb   last breadcrumb item (default: the page title given by the "header" section)
    showTitle    false when the page writes its own <h1>
    titleId      id of the <h1> written by the layout
    wide         true for the two-column login page; otherwise the content sits in a centred column
    showUsername false on pages where the account must not be revealed (douane reset pages)
    errorFields  the page's fields whose errors the error summary lists, each [input id, messagesPerField key...]
  Every value is escaped by FreeMarker's HTML output format; nothing here is printed unescaped.
-->
<#macro registrationLayout bodyClass="" displayInfo=false displayMessage=true displayRequiredFields=false breadcrumb="" showTitle=true titleId="kc-page-title" wide=false showUsername=true errorFields=[]>
<#assign douanePageHeader><#nested "header"></#assign>
<#assign douaneHomeUrl = properties.douanePortalHomeUrl!"/">
<#-- The refused fields, in page order, each with its first error: the error summary links to them. -->
<#assign douaneSummaryErrors = []>
<#list errorFields as f>
    <#list f[1..] as k>
        <#if messagesPerField.existsError(k)><#assign douaneSummaryErrors += [{"id": f[0], "text": messagesPerField.get(k)}]><#break></#if>
    </#list>
</#list>
<#assign douaneShowMessage = displayMessage && message?has_content && message.summary?has_content && (message.type != 'warning' || !isAppInitiatedAction??)>
<#assign douaneRefused = douaneSummaryErrors?has_content || (douaneShowMessage && message.type == 'error')>
<!DOCTYPE html>
<html lang="${lang!'fr'}" data-fr-scheme="light"<#if realm?? && realm.internationalizationEnabled && locale??> dir="${(locale.rtl)?then('rtl','ltr')}"</#if>>
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
    <meta name="robots" content="noindex, nofollow">
    <meta name="format-detection" content="telephone=no">
    <title><#if douaneRefused>${msg("douaneErrorTitlePrefix")} - </#if>${douanePageHeader?markup_string?replace("<[^>]*>", "", "r")?replace("&#39;", "'")?replace("&quot;", "\"")?replace("&lt;", "<")?replace("&gt;", ">")?replace("&amp;", "&")?trim} - ${properties.douaneSiteName!"douane.gouv.fr"}</title>
    <link rel="apple-touch-icon" href="${url.resourcesPath}/dsfr/favicon/apple-touch-icon.png">
    <link rel="icon" href="${url.resourcesPath}/dsfr/favicon/favicon.svg" type="image/svg+xml">
    <link rel="shortcut icon" href="${url.resourcesPath}/dsfr/favicon/favicon.ico" type="image/x-icon">
    <#if properties.styles?has_content>
        <#list properties.styles?split(' ') as style>
            <#if style?has_content><link href="${url.resourcesPath}/${style}" rel="stylesheet"></#if>
        </#list>
    </#if>
    <#if scripts??>
        <#list scripts as script>
            <script src="${script}" type="text/javascript"></script>
        </#list>
    </#if>
    <#if url.ssoLoginInOtherTabsUrl??>
    <script type="module">
        <#outputformat "JavaScript">
        import { startSessionPolling } from ${(url.resourcesPath + "/js/authChecker.js")?c};
        startSessionPolling(${url.ssoLoginInOtherTabsUrl?c});
        </#outputformat>
    </script>
    </#if>
    <#if authenticationSession??>
    <script type="module">
        <#outputformat "JavaScript">
        import { checkAuthSession } from ${(url.resourcesPath + "/js/authChecker.js")?c};
        checkAuthSession(${authenticationSession.authSessionIdHash?c});
        </#outputformat>
    </script>
    </#if>
</head>

<body class="douane ${bodyClass}" data-page-id="login-${pageId!''}">
<div class="fr-skiplinks">
    <nav class="fr-container" role="navigation" aria-label="${msg("douaneSkipLinksLabel")}">
        <ul class="fr-skiplinks__list">
            <li><a class="fr-link" href="#content">${msg("douaneSkipToContent")}</a></li>
            <li><a class="fr-link" href="#footer">${msg("douaneSkipToFooter")}</a></li>
        </ul>
    </nav>
</div>

<header role="banner" class="fr-header">
    <div class="fr-header__body">
        <div class="fr-container">
            <div class="fr-header__body-row">
                <div class="fr-header__brand fr-enlarge-link">
                    <div class="fr-header__brand-top">
                        <div class="fr-header__logo">
                            <p class="fr-logo" lang="fr">République<br>Française</p>
                        </div>
                    </div>
                    <div class="fr-header__service">
                        <a href="${douaneHomeUrl}" title="${msg("douaneHomeLinkTitle", properties.douaneServiceName!"")}">
                            <p class="fr-header__service-title">${properties.douaneServiceName!""}</p>
                        </a>
                        <p class="fr-header__service-tagline">${msg("douaneHeaderTagline")}</p>
                    </div>
                </div>
            </div>
        </div>
    </div>
</header>

<main id="content" role="main" tabindex="-1" class="fr-container fr-pb-8w">
    <div class="douane-topbar">
        <nav role="navigation" class="fr-breadcrumb douane-breadcrumb" aria-label="${msg("douaneBreadcrumbLabel")}">
            <ol class="fr-breadcrumb__list" id="douane-breadcrumb">
                <li><a class="fr-breadcrumb__link" href="${douaneHomeUrl}">${msg("douaneBreadcrumbHome")}</a></li>
                <li><span class="douane-breadcrumb__sep" aria-hidden="true">•</span><a class="fr-breadcrumb__link" aria-current="page"><#if breadcrumb?has_content>${breadcrumb}<#else>${douanePageHeader}</#if></a></li>
            </ol>
        </nav>
        <#if realm?? && realm.internationalizationEnabled && locale?? && locale.supported?size gt 1>
            <nav class="douane-lang" id="douane-lang" aria-label="${msg("douaneLanguageNavLabel")}">
                <ul class="douane-lang__list">
                    <#-- The theme's order (French first), whatever the labels and the page's language. -->
                    <#assign douaneLocaleOrder = (properties.locales!"fr")?split(",")?map(t -> t?trim)>
                    <#assign douaneLocales = []>
                    <#list douaneLocaleOrder as tag><#list locale.supported as l><#if l.languageTag == tag><#assign douaneLocales += [l]></#if></#list></#list>
                    <#list locale.supported as l><#if !douaneLocaleOrder?seq_contains(l.languageTag)><#assign douaneLocales += [l]></#if></#list>
                    <#list douaneLocales as l>
                        <li>
                            <#if l.languageTag == locale.currentLanguageTag>
                                <a class="fr-link fr-link--sm douane-lang__link" id="douane-lang-${l.languageTag}" href="${l.url}" hreflang="${l.languageTag}" lang="${l.languageTag}" aria-current="true"><span class="douane-lang__code" aria-hidden="true">${l.languageTag?upper_case}</span> ${l.label}</a>
                            <#else>
                                <a class="fr-link fr-link--sm douane-lang__link" id="douane-lang-${l.languageTag}" href="${l.url}" hreflang="${l.languageTag}" lang="${l.languageTag}"><span class="douane-lang__code" aria-hidden="true">${l.languageTag?upper_case}</span> ${l.label}</a>
                            </#if>
                        </li>
                    </#list>
                </ul>
            </nav>
        </#if>
    </div>

    <div class="fr-grid-row fr-grid-row--center">
    <div class="<#if wide>fr-col-12<#else>fr-col-12 fr-col-md-10 fr-col-lg-7</#if>">

    <#if showTitle>
        <h1 id="${titleId}" class="fr-h2 fr-mb-4w">${douanePageHeader}</h1>
    </#if>

    <#if displayRequiredFields>
        <p class="fr-hint-text fr-mb-2w" id="douane-required-fields">${msg("douaneRequiredFieldsNotice")}</p>
    </#if>

    <#if showUsername && auth?has_content && auth.showUsername() && !auth.showResetCredentials()>
        <#nested "show-username">
        <p id="kc-username" class="fr-mb-3w">
            <span class="fr-text--bold" id="kc-attempted-username">${auth.attemptedUsername!""}</span>
            <a id="reset-login" class="fr-link fr-link--sm fr-ml-2w" href="${url.loginRestartFlowUrl}">${msg("restartLoginTooltip")}</a>
        </p>
    </#if>

    <#-- After a refused submission the focus lands on the error summary (autofocus, before any field's),
         so a screen reader reads what went wrong first; each item links to its field. -->
    <#if douaneSummaryErrors?has_content>
        <div id="douane-error-summary" class="fr-alert fr-alert--error fr-mb-4w" role="alert" tabindex="-1" autofocus>
            <h2 class="fr-alert__title" id="douane-error-summary-title"><#if douaneSummaryErrors?size == 1>${msg("douaneErrorSummaryTitleOne")}<#else>${msg("douaneErrorSummaryTitleMany", douaneSummaryErrors?size?c)}</#if></h2>
            <ul class="douane-error-summary__list">
                <#list douaneSummaryErrors as e>
                    <li><a class="fr-link" href="#${e.id}">${e.text}</a></li>
                </#list>
            </ul>
        </div>
    </#if>

    <#-- App-initiated actions do not show the "you need to complete this action" warnings. -->
    <#if douaneShowMessage>
        <#assign douaneAlertType = (message.type == 'success' || message.type == 'warning' || message.type == 'error')?then(message.type, 'info')>
        <div id="douane-message" class="fr-alert fr-alert--${douaneAlertType} fr-alert--sm fr-mb-4w" role="${(message.type == 'error')?then('alert', 'status')}"<#if message.type == 'error' && !douaneSummaryErrors?has_content> tabindex="-1" autofocus</#if>>
            <p>${message.summary}</p>
        </div>
    </#if>

    <#nested "form">

    <#if auth?has_content && auth.showTryAnotherWayLink()>
        <form id="kc-select-try-another-way-form" action="${url.loginAction}" method="post" class="fr-mt-3w">
            <input type="hidden" name="tryAnotherWay" value="on">
            <button type="submit" id="try-another-way" class="fr-btn fr-btn--tertiary-no-outline">${msg("doTryAnotherWay")}</button>
        </form>
    </#if>

    <#if switchOrganizationEnabled?? && switchOrganizationEnabled>
        <form id="kc-switch-organization-form" action="${url.loginAction}" method="post" class="fr-mt-3w">
            <input type="hidden" name="switchOrganization" value="true">
            <button type="submit" id="switch-organization" class="fr-btn fr-btn--tertiary-no-outline">${msg("doSwitchOrganization")}</button>
        </form>
    </#if>

    <#nested "socialProviders">

    <#if displayInfo>
        <div id="kc-info" class="fr-mt-4w">
            <div id="kc-info-wrapper"><#nested "info"></div>
        </div>
    </#if>

    </div>
    </div>
</main>

<footer class="fr-footer" role="contentinfo" id="footer">
    <div class="fr-container">
        <div class="fr-footer__body">
            <div class="fr-footer__brand fr-enlarge-link">
                <a href="${douaneHomeUrl}" title="${msg("douaneHomeLinkTitle", properties.douaneServiceName!"")}">
                    <p class="fr-logo" lang="fr">République<br>Française</p>
                </a>
            </div>
            <div class="fr-footer__content">
                <p class="fr-footer__content-desc">${msg("douaneFooterDescription")}</p>
                <ul class="fr-footer__content-list">
                    <li class="fr-footer__content-item"><a class="fr-footer__content-link" href="${douaneHomeUrl}">${properties.douaneSiteName!"douane.gouv.fr"}</a></li>
                    <#if properties.douaneHelpUrl?has_content>
                        <li class="fr-footer__content-item"><a class="fr-footer__content-link" id="douane-help-link" href="${properties.douaneHelpUrl}">${msg("douaneFooterHelp")}</a></li>
                    </#if>
                </ul>
            </div>
        </div>
        <div class="fr-footer__bottom">
            <ul class="fr-footer__bottom-list">
                <#if properties.douaneAccessibilityUrl?has_content>
                    <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="${properties.douaneAccessibilityUrl}">${msg("douaneFooterAccessibility")}</a></li>
                </#if>
                <#if properties.douaneLegalNoticeUrl?has_content>
                    <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="${properties.douaneLegalNoticeUrl}">${msg("douaneFooterLegalNotice")}</a></li>
                </#if>
                <#if properties.douanePrivacyUrl?has_content>
                    <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="${properties.douanePrivacyUrl}">${msg("douaneFooterPrivacy")}</a></li>
                </#if>
            </ul>
            <div class="fr-footer__bottom-copy">
                <p>${msg("douaneFooterLicence")}</p>
            </div>
        </div>
    </div>
</footer>

<script type="module" src="${url.resourcesPath}/dsfr/dsfr.module.min.js"></script>
<script nomodule src="${url.resourcesPath}/dsfr/dsfr.nomodule.min.js"></script>
</body>
</html>
</#macro>

<#--
  A DSFR text field with its label, error message and aria wiring.
  name/id are the same; "errorFields" lists the messagesPerField keys whose error belongs here.
-->
<#macro douaneInput name label type="text" value="" errorFields=[] autocomplete="off" placeholder="" hint="" required=true autofocus=false extraClass="">
    <#assign douaneFieldErrors = errorFields?has_content?then(errorFields, [name])>
    <#assign douaneHasError = false>
    <#list douaneFieldErrors as f><#if messagesPerField.existsError(f)><#assign douaneHasError = true></#if></#list>
    <div class="fr-input-group<#if douaneHasError> fr-input-group--error</#if> ${extraClass}" id="${name}-group">
        <label class="fr-label" for="${name}">${label}<#if hint?has_content><span class="fr-hint-text" id="${name}-hint">${hint}</span></#if></label>
        <input class="fr-input<#if douaneHasError> fr-input--error</#if>" type="${type}" id="${name}" name="${name}" value="${value}"
               autocomplete="${autocomplete}"<#if placeholder?has_content> placeholder="${placeholder}"</#if><#if required> required aria-required="true"</#if><#if autofocus && !(douaneRefused!false)> autofocus</#if>
               aria-describedby="<#if hint?has_content>${name}-hint </#if>${name}-messages"<#if douaneHasError> aria-invalid="true"</#if> spellcheck="false" autocapitalize="off" dir="ltr">
        <div class="fr-messages-group" id="${name}-messages" aria-live="polite">
            <#if douaneHasError>
                <#list douaneFieldErrors as f><#if messagesPerField.existsError(f)>
                    <p class="fr-message fr-message--error" id="${name}-error" role="alert">${messagesPerField.get(f)}</p><#break>
                </#if></#list>
            </#if>
        </div>
    </div>
</#macro>

<#--
  A DSFR password field (component "fr-password", with the "show" checkbox driven by the DSFR script).
-->
<#macro douanePassword name label autocomplete="current-password" errorFields=[] hint="" autofocus=false describedBy="">
    <#assign douaneFieldErrors = errorFields?has_content?then(errorFields, [name])>
    <#assign douaneHasError = false>
    <#list douaneFieldErrors as f><#if messagesPerField.existsError(f)><#assign douaneHasError = true></#if></#list>
    <div class="fr-password fr-mb-3w<#if douaneHasError> fr-input-group--error</#if>" id="${name}-group">
        <label class="fr-label" for="${name}">${label}<#if hint?has_content><span class="fr-hint-text" id="${name}-hint">${hint}</span></#if></label>
        <div class="fr-input-wrap">
            <input class="fr-password__input fr-input<#if douaneHasError> fr-input--error</#if>" type="password" id="${name}" name="${name}"
                   autocomplete="${autocomplete}" required aria-required="true"<#if autofocus && !(douaneRefused!false)> autofocus</#if>
                   aria-describedby="<#if hint?has_content>${name}-hint </#if><#if describedBy?has_content>${describedBy} </#if>${name}-messages"<#if douaneHasError> aria-invalid="true"</#if> dir="ltr">
        </div>
        <div class="fr-messages-group" id="${name}-messages" aria-live="polite">
            <#if douaneHasError>
                <#list douaneFieldErrors as f><#if messagesPerField.existsError(f)>
                    <p class="fr-message fr-message--error" id="${name}-error" role="alert">${messagesPerField.get(f)}</p><#break>
                </#if></#list>
            </#if>
        </div>
        <div class="fr-password__checkbox fr-checkbox-group fr-checkbox-group--sm">
            <input aria-label="${msg("douaneShowPasswordAria", label)}" id="${name}-show" type="checkbox">
            <label class="fr-password__checkbox fr-label" for="${name}-show">${msg("douaneShowPassword")}</label>
        </div>
        <#nested>
    </div>
</#macro>
